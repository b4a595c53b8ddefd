"""Plain-text tables for people, and query results in the formats ``newsgraph query`` offers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..files import xml_safe
from ..store import python_value, results_as, serialize

if TYPE_CHECKING:
    from .timeline import TimelineEvent


def format_result(result, fmt: str = "table") -> str:
    """Render a SELECT/ASK/CONSTRUCT result in ``fmt`` (table, csv, tsv, json, xml)."""
    if isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "xml", "csv", "tsv"):
            return results_as(result, fmt if fmt in ("json", "xml") else "json").decode("utf-8")
        return "true" if bool(result) else "false"
    if not isinstance(result, ox.QuerySolutions):  # CONSTRUCT / DESCRIBE
        return serialize(result, ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt != "table":
        out = results_as(result, fmt).decode("utf-8")
        if fmt == "xml":
            out = xml_safe(out)  # U+FFFE, U+FFFF and control characters would make it ill-formed
        return out
    names = [v.value for v in result.variables]
    rows = [[_cell(row[n]) for n in names] for row in result]
    return table(names, rows)


def _cell(term) -> str:
    value = python_value(term)
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def text_cell(v, width: int = 60) -> str:
    """A value as a table cell: whole numbers with thousands separators, text on one line, cut at ``width``."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}"
    text = str(v).replace("\n", " ")
    return text if len(text) <= width else text[: width - 3] + "..."


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with a header rule and a row count. (``tabulate``'s "simple" format draws the same rule
    but pads the last column and gives no count; these few lines keep the README's shown output exact.)"""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' * (len(rows) != 1)})")
    return "\n".join(out) + "\n"


def article_cell(row: dict, width: int = 40) -> str:
    """An article as people know it: its headline and outlet when the input gave them, else its id."""
    name = row.get("headline") or row.get("article") or ""
    outlet = row.get("outlet")
    return text_cell(name if not outlet else f"{name} ({outlet})", width)


def said_table(rows: list[dict]) -> str:
    return table(
        ["speaker", "article", "kind", "text"],
        [
            [text_cell(r.get("speaker"), 80), article_cell(r), text_cell(r.get("kind")), text_cell(r.get("text"), 80)]
            for r in rows
        ],
    )


def entity_table(rows: list[dict]) -> str:
    cols = ["name", "type", "articles", "names"]
    return table(
        cols,
        [
            [text_cell(r["name"], 80), r["type"], str(r["articles"]), text_cell(" | ".join(r["names"]), 70)]
            for r in rows
        ],
    )


def conflicts_table(groups: list[dict]) -> str:
    """Each variable, its claims numbered, then each difference: which claims, how they differ and why."""
    out = []
    for g in groups:
        out.append(f"{g['variable']}:")
        number = {c["claim"]: i for i, c in enumerate(g["claims"], 1)}
        out.append(
            table(
                ["#", "value", "bound", "source", "article", "as of", "text"],
                [
                    [
                        str(number[c["claim"]]),
                        text_cell(c["value"]),
                        c["bound"] or "",
                        text_cell(c["source"]),
                        article_cell(c),
                        c["as_of"] or "",
                        c["text"],
                    ]
                    for c in g["claims"]
                ],
            ).rstrip("\n")
        )
        for d in g["differences"]:
            out.append(f"  #{number[d['first']]} vs #{number[d['second']]}: {d['agreement']}: {d['reason']}")
        for c in g["claims"]:
            if c["sentence"]:
                out.append(f"  #{number[c['claim']]} {article_cell(c, 60)}: {text_cell(c['sentence'], 160)}")
        out.append("")
    return "\n".join(out) if out else "no conflicts\n"


def claims_table(rows: list[dict]) -> str:
    cols = ["variable", "value", "bound", "unit", "source", "article", "date", "text"]
    return table(cols, [[article_cell(r) if c == "article" else text_cell(r.get(c)) for c in cols] for r in rows])


def timeline_table(events: list[TimelineEvent]) -> str:
    """The timeline as a plain-text table, one event a row."""

    def cut(text: str | None, width: int = 48) -> str:
        text = (text or "").replace("\n", " ")
        return text if len(text) <= width else text[: width - 3] + "..."

    rows = [
        [
            e.date or "",
            f"{e.begin or ''}..{e.end or ''}" if e.begin != e.date or e.end != e.date else "",
            cut(e.actor),
            e.predicate + (f" [{e.relation}]" if e.relation else ""),
            cut(e.object),
            " ".join(e.articles),
        ]
        for e in events
    ]
    return table(["date", "interval", "actor", "predicate", "object", "articles"], rows)
