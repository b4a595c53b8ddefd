"""The whole graph of data/ against a golden copy, compared by isomorphism, with a readable difference.

A change that alters the graph on purpose regenerates the golden copy explicitly and shows it in the diff:
    python -m pytest tests/test_golden_graph.py --update-golden
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import graph_diff, isomorphic

from graph.outputs.export import export

from .helpers import DATA, ROOT

GOLDEN = ROOT / "tests" / "golden" / "data.nq"
SHOWN = 40  # differing statements shown per side


def portable(nquads: bytes) -> bytes:
    """Sorted N-Quads with each article's source file relative to data/, so any checkout gives the same bytes."""
    prefix = re.escape(str(DATA).encode()) + rb"/"
    lines = [re.sub(rb'(ns#sourceFile> ")' + prefix, rb"\1data/", line) for line in nquads.splitlines(keepends=True)]
    return b"".join(sorted(lines))


def dataset(nquads: bytes) -> Dataset:
    ds = Dataset()
    ds.parse(data=nquads.decode("utf-8"), format="nquads")
    return ds


def difference(golden: bytes, got: bytes) -> str:
    """Per named graph, the statements only the golden copy has (-) and only this build has (+)."""
    old, new = dataset(golden), dataset(got)
    graphs = sorted({g.identifier for g in old.graphs()} | {g.identifier for g in new.graphs()}, key=str)
    out: list[str] = []
    counts: dict[str, int] = defaultdict(int)
    for name in graphs:
        a, b = old.graph(URIRef(str(name))), new.graph(URIRef(str(name)))
        if isomorphic(a, b):
            continue
        _, only_old, only_new = graph_diff(a, b)
        out.append(f"graph <{name}>:")
        for sign, part in (("-", only_old), ("+", only_new)):
            lines = sorted(f"  {sign} {s.n3()} {p.n3()} {o.n3()}" for s, p, o in part)
            counts[sign] += len(lines)
            out.extend(lines[:SHOWN] + ([f"  {sign} ... {len(lines) - SHOWN} more"] if len(lines) > SHOWN else []))
    return f"{counts['-']} statements only in the golden graph, {counts['+']} only in this build\n" + "\n".join(out)


@pytest.mark.model
def test_the_graph_of_data_is_the_golden_graph(seeds_store, request):
    got = portable(export(seeds_store, "nquads"))
    if request.config.getoption("--update-golden"):
        GOLDEN.write_bytes(got)
        pytest.skip(f"rewrote {GOLDEN.relative_to(ROOT)}")
    golden = GOLDEN.read_bytes()
    if got != golden:
        raise AssertionError(
            "the graph of data/ differs from tests/golden/data.nq (if on purpose: pytest "
            "--update-golden, and review the diff):\n" + difference(golden, got)
        )


def test_the_difference_names_what_changed_in_which_graph():
    g = b"<https://w3id.org/newsgraph/id/article/a>"
    golden = b'<http://ex/s> <http://ex/p> "old" ' + g + b' .\n<http://ex/s> <http://ex/q> "same" ' + g + b" .\n"
    got = b'<http://ex/s> <http://ex/p> "new" ' + g + b' .\n<http://ex/s> <http://ex/q> "same" ' + g + b" .\n"
    text = difference(golden, got)
    assert text.startswith("1 statements only in the golden graph, 1 only in this build")
    assert "graph <https://w3id.org/newsgraph/id/article/a>:" in text
    assert '- <http://ex/s> <http://ex/p> "old"' in text and '+ <http://ex/s> <http://ex/p> "new"' in text
    assert "same" not in text
    assert difference(golden, golden).startswith("0 statements")


def test_source_files_are_made_relative_to_data():
    line = f'<http://ex/a> <https://w3id.org/newsgraph/ns#sourceFile> "{DATA}/articles/x.txt" <http://ex/g> .\n'
    assert portable(line.encode()) == (
        b'<http://ex/a> <https://w3id.org/newsgraph/ns#sourceFile> "data/articles/x.txt" <http://ex/g> .\n'
    )
