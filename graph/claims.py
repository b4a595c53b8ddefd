"""Claims across sources: group figure claims by measured variable, compare them as intervals, and record
agreement or disagreement, with the reason, in one shared named graph.

Every claim stays in its article's graph untouched; this module only adds ``ng:Comparison`` nodes (one per
pair of claims on a variable) and symmetric ``ng:disagreesWith`` edges (written in both directions) to
the claims graph, which ``refresh_claims`` recomputes at the end of a build: in full after a first or
interrupted build, otherwise only on the variables whose claims (or whose sources' names) changed.

Reading the comparison: each claim is an interval (``"more than 5,600"`` is (5600, inf), ``"about 5,500"``
5,500 +/- 5 %, ``"3,913"`` a point). News figures are rounded and passed on second hand, so intervals
within ``COMPARE_TOLERANCE`` of each other agree. Disjoint intervals disagree, unless both claims give
as-of dates that differ: a count may have changed between them, so the pair is ``undetermined``.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad, Variable

from .query import named_query, table
from .rdf import A, iri, variable_iri
from .store import GraphStore
from .vocab import BASE, NG, SCHEMA

CLAIMS_GRAPH = NamedNode(BASE + "graph/claims")
COMPARE_TOLERANCE = 0.05  # relative: 5,500 and "more than 5,600" are not flagged, 3,913 and 5,500 are
MAX_PAIRWISE = 50  # claims per variable compared pair by pair; larger groups compare by position
AGREEMENTS = ("agree", "disagree", "undetermined")


@dataclass(frozen=True, order=True)
class Claim:
    """One figure claim as read back from the store."""

    variable: str
    iri: str
    value: float
    bound: str
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    source: str | None = None  # the speaker's label, or the source as written
    article: str = ""  # article id
    text: str = ""  # the figure as written
    sentence: str | None = None
    as_of: str | None = None  # ISO value (or text) of the as-of date
    as_of_begin: date | None = None
    as_of_end: date | None = None


@dataclass(frozen=True, order=True)
class Comparison:
    """The result of comparing two claims on one variable."""

    variable: str
    first: Claim
    second: Claim
    agreement: str  # one of AGREEMENTS
    reason: str

    @property
    def iri(self) -> str:
        digest = hashlib.sha256(f"{self.first.iri} {self.second.iri}".encode()).hexdigest()[:20]
        return f"{BASE}id/comparison/{digest}"


# ---------------------------------------------------------------- comparing

def interval(c: Claim) -> tuple[float, float]:
    """The claim's values as (low, high), infinite where the bound leaves it open."""
    lo = c.min_value if c.min_value is not None else (c.value if c.bound in ("exact", "lower") else float("-inf"))
    hi = c.max_value if c.max_value is not None else (c.value if c.bound in ("exact", "upper") else float("inf"))
    if c.bound == "upper" and c.min_value is None:
        lo = float("-inf")
    if c.bound == "lower" and c.max_value is None:
        hi = float("inf")
    return lo, hi


def overlap(a: Claim, b: Claim, tolerance: float = 0.0) -> bool:
    """Whether the two intervals meet once each is widened by ``tolerance`` (relative)."""
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    widen = lambda lo, hi: (lo - abs(lo) * tolerance, hi + abs(hi) * tolerance)
    (alo, ahi), (blo, bhi) = widen(alo, ahi), widen(blo, bhi)
    return max(alo, blo) <= min(ahi, bhi)


def different_times(a: Claim, b: Claim) -> bool:
    """Both claims say when they hold, and the dates differ (ranges that do not overlap)."""
    if a.as_of is None or b.as_of is None:
        return False
    if a.as_of_begin and a.as_of_end and b.as_of_begin and b.as_of_end:
        return a.as_of_end < b.as_of_begin or b.as_of_end < a.as_of_begin
    return a.as_of.lower() != b.as_of.lower()


def describe(c: Claim) -> str:
    """A claim in a reason: '3,913 children [Department of Homeland Security, as of June]'."""
    who = c.source or "unattributed"
    when = f", as of {c.as_of}" if c.as_of else ""
    return f"'{c.text}' [{who}{when}]"


def compare(a: Claim, b: Claim, tolerance: float = COMPARE_TOLERANCE) -> Comparison:
    """Compare two claims on one variable; the reason says why they agree, disagree or cannot be judged."""
    first, second = sorted((a, b), key=lambda c: c.iri)
    sources = "same source" if (a.source or "") == (b.source or "") and a.source else "different sources"
    if a.unit != b.unit and a.unit and b.unit:
        return Comparison(a.variable, first, second, "undetermined", f"different units ({a.unit} vs {b.unit})")
    if overlap(a, b):
        why = "intervals overlap"
    elif overlap(a, b, tolerance):
        why = f"intervals within {tolerance:.0%} of each other"
    elif different_times(a, b):
        return Comparison(a.variable, first, second, "undetermined",
                          f"disjoint intervals but different as-of dates ({first.as_of} vs {second.as_of}): "
                          f"the count may have changed; {sources}")
    else:
        return Comparison(a.variable, first, second, "disagree",
                          f"disjoint intervals: {describe(first)} vs {describe(second)}; {sources}")
    return Comparison(a.variable, first, second, "agree", f"{why}; {sources}")


def group_claims(claims: list[Claim]) -> dict[str, list[Claim]]:
    """Claims by measured variable; claims without a variable are left alone (never compared, never dropped)."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.variable or "", c.iri)):
        if c.variable:
            groups[c.variable].append(c)
    return dict(groups)


def compare_all(claims: list[Claim], tolerance: float = COMPARE_TOLERANCE) -> list[Comparison]:
    """Pairs of claims on the same variable, compared.

    Small groups compare every pair. A large group (a figure repeated by many outlets) would make the graph
    quadratic, so its claims are first gathered into positions (same value, bound, unit, source and as-of
    date: they compare alike): claims of one position are chained as agreeing, and one claim per position is
    compared with one of every other position (neighbours by value when even the positions are too many).
    Every claim still takes part in at least one comparison.
    """
    out = []
    for _, group in sorted(group_claims(claims).items()):
        out.extend(compare(a, b, tolerance) for a, b in _pairs(group))
    return sorted(out, key=lambda c: (c.variable, c.first.iri, c.second.iri))


def _all_pairs(items: list) -> list[tuple]:
    return [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]


def _pairs(group: list[Claim]) -> list[tuple[Claim, Claim]]:
    if len(group) <= MAX_PAIRWISE:
        return _all_pairs(group)
    positions: dict[tuple, list[Claim]] = defaultdict(list)
    for c in group:
        positions[(c.value, c.bound, c.unit, c.min_value, c.max_value, c.source, c.as_of, c.as_of_begin,
                   c.as_of_end)].append(c)
    pairs = []
    for members in positions.values():
        members.sort(key=lambda c: c.iri)
        pairs.extend(zip(members, members[1:]))
    reps = sorted((m[0] for m in positions.values()), key=lambda c: (c.value, c.iri))
    pairs.extend(_all_pairs(reps) if len(reps) <= MAX_PAIRWISE else zip(reps, reps[1:]))
    return pairs


# ---------------------------------------------------------------- the claims graph

def comparison_quads(comparisons: list[Comparison]) -> list[Quad]:
    """The claims graph: one ng:Comparison per pair, and ng:disagreesWith both ways for disagreeing pairs."""
    g = CLAIMS_GRAPH
    out = []
    for c in comparisons:
        node = iri(c.iri)
        out += [Quad(node, A, iri(NG.Comparison), g),
                Quad(node, iri(SCHEMA.about), variable_iri(c.variable), g),
                Quad(node, iri(NG.comparedClaim), iri(c.first.iri), g),
                Quad(node, iri(NG.comparedClaim), iri(c.second.iri), g),
                Quad(node, iri(NG.agreement), Literal(c.agreement), g),
                Quad(node, iri(NG.reason), Literal(c.reason), g)]
        if c.agreement == "disagree":
            out += [Quad(iri(c.first.iri), iri(NG.disagreesWith), iri(c.second.iri), g),
                    Quad(iri(c.second.iri), iri(NG.disagreesWith), iri(c.first.iri), g)]
    return out


CLAIMS_INPUT = """
SELECT DISTINCT ?claim ?variable ?value ?bound ?unit ?min ?max ?source ?article ?text ?asOf ?asOfBegin ?asOfEnd
WHERE {
  GRAPH ?g {
    ?var skos:prefLabel ?variable .
    ?q ng:measures ?var ; schema:value ?value ; ng:bound ?b .
    ?claim ng:quantity ?q ; a ng:FigureClaim ; schema:appearance ?a ; schema:text ?text .
    ?a schema:identifier ?article .
    OPTIONAL { ?q schema:unitText ?unit }
    OPTIONAL { ?q schema:minValue ?min }
    OPTIONAL { ?q schema:maxValue ?max }
    OPTIONAL { ?claim ng:speakerText ?said }
    OPTIONAL { ?claim ng:asOf ?d . OPTIONAL { ?d ng:isoValue ?iso } OPTIONAL { ?d schema:startDate ?asOfBegin }
               OPTIONAL { ?d schema:endDate ?asOfEnd } OPTIONAL { ?d prov:wasDerivedFrom/nif:anchorOf ?asText } }
  }
  OPTIONAL { GRAPH ?g { ?claim prov:wasAttributedTo ?who } GRAPH <https://w3id.org/newsgraph/graph/entities> { ?who skos:prefLabel ?label } }
  BIND(STRAFTER(STR(?b), "#") AS ?bound)
  BIND(COALESCE(?label, ?said) AS ?source)
  BIND(COALESCE(?iso, ?asText) AS ?asOf)
}
"""


def load_claims(store: GraphStore, variables: Iterable[str] | None = None) -> list[Claim]:
    """Every figure claim with a measured variable, from all article graphs (only on ``variables`` if given)."""
    claims = {}
    # one scan, filtered here: binding the variable first is no faster in Oxigraph (measured)
    for r in store.select(CLAIMS_INPUT):
        if variables is not None and r["variable"] not in variables:
            continue
        c = Claim(r["variable"], r["claim"], float(r["value"]), r["bound"] or "exact", r["unit"],
                  _float(r["min"]), _float(r["max"]), r["source"], r["article"], r["text"], None, r["asOf"],
                  _date(r["asOfBegin"]), _date(r["asOfEnd"]))
        claims.setdefault(c.iri, c)  # one row per claim even if an optional part matched twice
    return sorted(claims.values(), key=lambda c: c.iri)


def refresh_claims(store: GraphStore, variables: Iterable[str] | None = None) -> int:
    """Recompute the claims graph from every article's figures; returns the number of disagreeing pairs.

    With ``variables``, only the comparisons on those variables are recomputed (a claim is only ever compared
    with claims on its own variable, so the rest of the graph cannot change)."""
    if variables is None:
        comparisons = compare_all(load_claims(store))
        store.replace_graph(CLAIMS_GRAPH, comparison_quads(comparisons))
        return sum(c.agreement == "disagree" for c in comparisons)
    variables = set(variables)
    if not variables:
        return 0
    comparisons = compare_all(load_claims(store, variables))
    nodes = "VALUES ?var { %s }" % " ".join(f"<{variable_iri(v).value}>" for v in sorted(variables))
    old = {x for r in store.query("SELECT ?c ?claim WHERE { %s GRAPH <%s> { ?c schema:about ?var ; "
                                  "ng:comparedClaim ?claim } }" % (nodes, CLAIMS_GRAPH.value)) for x in (r[0], r[1])}
    store.replace_subjects(CLAIMS_GRAPH, sorted(old, key=str), comparison_quads(comparisons))
    return sum(c.agreement == "disagree" for c in comparisons)


def variables_attributed_to(store: GraphStore, entities: Iterable[str]) -> set[str]:
    """The variables of the claims attributed to ``entities`` (IRIs): their comparisons name the source."""
    entities = sorted(entities)
    if not entities:
        return set()
    rows = store.query("SELECT DISTINCT ?label WHERE { VALUES ?who { %s } GRAPH ?g { ?claim prov:wasAttributedTo "
                       "?who ; ng:quantity/ng:measures/skos:prefLabel ?label } }" % " ".join(f"<{e}>" for e in entities))
    return {r[0].value for r in rows}


def _float(x) -> float | None:
    return None if x is None else float(x)


def _date(x) -> date | None:
    try:
        return None if x is None else date.fromisoformat(str(x)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- reading for people (the CLI)

def claim_rows(store: GraphStore, about: str | None = None) -> list[dict]:
    """Each figure claim: variable, value, bound, unit, source, article, date and sentence (named query
    ``claims``). ``about`` keeps the claims whose variable, text or sentence contains it (a bound parameter)."""
    subs = {Variable("about"): Literal(about)} if about else None
    rows = store.select(named_query("claims"), subs)
    for r in rows:
        r.pop("about", None)
        r["sentence"] = (r.get("sentence") or "").strip() or None
    return rows


def conflict_groups(store: GraphStore) -> list[dict]:
    """The variables whose claims disagree (named query ``conflicts``): for each, the reason and every claim
    of the variable, each with the claims it disagrees with."""
    rows = store.select(named_query("conflicts"))
    groups: dict[str, dict] = {}
    for r in rows:
        g = groups.setdefault(r["variable"], {"variable": r["variable"], "reasons": [], "claims": {}})
        if r["reason"] and r["reason"] not in g["reasons"]:
            g["reasons"].append(r["reason"])
        claim = g["claims"].setdefault(r["claim"], {
            "value": r["value"], "bound": r["bound"], "unit": r["unit"], "source": r["source"],
            "article": r["article"], "text": r["text"], "as_of": r["asOf"], "sentence": (r["sentence"] or "").strip(),
            "claim": r["claim"], "disagrees_with": []})
        if r["other"] and r["other"] not in claim["disagrees_with"]:
            claim["disagrees_with"].append(r["other"])
    out = []
    for var in sorted(groups):
        g = groups[var]
        claims = sorted(g["claims"].values(), key=lambda c: (c["article"], c["text"], c["claim"]))
        for c in claims:
            c["disagrees_with"].sort()
        out.append({"variable": var, "reason": " | ".join(sorted(g["reasons"])), "claims": claims})
    return out


def claims_table(rows: list[dict]) -> str:
    cols = ["variable", "value", "bound", "unit", "source", "article", "date", "text"]
    return table(cols, [[_cell(r.get(c)) for c in cols] for r in rows])


def conflicts_table(groups: list[dict]) -> str:
    out = []
    for g in groups:
        out.append(f"{g['variable']}:")
        out.extend(f"  - {reason}" for reason in g["reason"].split(" | "))
        out.append(table(["value", "bound", "source", "article", "text", "disagrees"],
                         [[_cell(c["value"]), c["bound"] or "", c["source"] or "", c["article"], c["text"],
                           str(len(c["disagrees_with"]))] for c in g["claims"]]))
    return "\n".join(out) if out else "no conflicts\n"


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}"
    text = str(v).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."
