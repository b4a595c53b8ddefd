"""What the endpoint shows a person: the SPARQL workbench (YASGUI, served from the package), the plain form,
HTML results, the graph page and the static files, all from package data (``templates/``, ``static/``)."""

from __future__ import annotations

import html as htmlmod
import json
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from .replies import HTML, JSON, Reply, error

# the workbench's own policy: scripts, styles, fonts and requests from this server only, so neither YASGUI nor
# anything injected into a result can reach another host (inline styles: YASGUI sets element styles)
WORKBENCH_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
# files served under /static/: an allow-list, so no path from a request ever reaches the file system
STATIC_TYPES = {
    "yasgui.min.js": "text/javascript; charset=utf-8",
    "yasgui.min.css": "text/css; charset=utf-8",
    "workbench.js": "text/javascript; charset=utf-8",
    "workbench.css": "text/css; charset=utf-8",
}


@cache
def template(name: str) -> str:
    return (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")


def render(name: str, **fields: str) -> str:
    """Template ``name`` with each ``{{field}}`` replaced (values are inserted as given: escape them first)."""
    text = template(name)
    for key, value in fields.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def page(title: str, body: str) -> str:
    return render("page.html", title=htmlmod.escape(title), body=body)


def workbench_page() -> Reply:
    """/query: YASGUI over /sparql; without JavaScript, the plain form."""
    body = render("workbench.html", form=template("form.html"))
    return Reply(200, HTML, body.encode("utf-8"), (("Content-Security-Policy", WORKBENCH_CSP),))


def simple_page() -> Reply:
    """/query?simple=1: a plain HTML form posting to /sparql (no script)."""
    return Reply(200, HTML, page("SPARQL query", render("simple.html", form=template("form.html"))).encode("utf-8"))


def plain_page(reason: str) -> str:
    """The page at / when the graph cannot be drawn: why, and where to query instead."""
    return page("graph", render("plain.html", reason=htmlmod.escape(reason)))


@cache
def _static(name: str) -> bytes:
    return (resources.files(__package__) / "static" / name).read_bytes()


def static_file(name: str) -> Reply:
    if name not in STATIC_TYPES:
        return error(404, f"no static file {name!r}: the workbench uses {', '.join(sorted(STATIC_TYPES))}")
    return Reply(200, STATIC_TYPES[name], _static(name), (("Cache-Control", "max-age=3600"),))


@lru_cache(maxsize=1)
def examples_json() -> bytes:
    """The workbench's examples: each named query of ontology/queries/ with its first comment line as title,
    the predeclared prefixes (for autocompletion and short IRIs in tables) and the endpoint."""
    from ..vocab import PREFIXES

    folder = resources.files("graph.ontology") / "queries"  # what `newsgraph query --named NAME` runs
    names = sorted(f.name[:-3] for f in folder.iterdir() if f.name.endswith(".rq") and f.is_file())
    queries = []
    for name in names:
        text = (folder / f"{name}.rq").read_text(encoding="utf-8")
        comments = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
        queries.append({"name": name, "title": comments[0] if comments else name, "query": text})
    return json.dumps(
        {"endpoint": "/sparql", "prefixes": dict(sorted(PREFIXES.items())), "queries": queries},
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")


def examples() -> Reply:
    return Reply(200, JSON, examples_json())


def results_page(query: str, reply: Reply) -> Reply:
    """Results for a person (format=html): a table for SELECT, a word for ASK, Turtle for a graph."""
    if reply.content_type.startswith("text/turtle"):
        body = f"<pre>{htmlmod.escape(reply.body.decode('utf-8'))}</pre>"
    else:
        data = json.loads(reply.body)
        if "boolean" in data:
            body = f"<p><strong>{'true' if data['boolean'] else 'false'}</strong></p>"
        else:
            names = data["head"]["vars"]
            rows = data["results"]["bindings"]

            def cell(b: dict[str, Any] | None) -> str:
                return htmlmod.escape(b["value"]) if b else ""

            body = (
                f"<p>{len(rows)} row{'s' * (len(rows) != 1)}</p><table><tr>"
                + "".join(f"<th>{htmlmod.escape(n)}</th>" for n in names)
                + "</tr>"
                + "".join("<tr>" + "".join(f"<td>{cell(r.get(n))}</td>" for n in names) + "</tr>" for r in rows)
                + "</table>"
            )
    html = page("Results", f'<p><a href="/query">New query</a></p><pre class=q>{htmlmod.escape(query)}</pre>{body}')
    return Reply(200, HTML, html.encode("utf-8"))


def draw_graph(store: Any) -> str:
    """``graph.outputs.viz.render_html(store)``, or a plain page saying why the graph view is not there."""
    try:
        from ..outputs import viz

        return viz.render_html(store)
    except (ImportError, AttributeError, NotImplementedError) as e:
        return plain_page(str(e) or type(e).__name__)
