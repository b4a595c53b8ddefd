"""Incremental builds: adding, changing and removing articles one at a time gives the graph of a fresh build,
byte for byte, while the claims refresh reads only the articles written."""

from __future__ import annotations

import random
from datetime import date

import pytest

from graph.records import Article

from .conftest import DATA

OTHER_STORIES = [  # two stories of our own besides the seeds' one
    (
        "quake-1",
        "2023-03-06",
        "A magnitude 6.1 earthquake struck the coastal province of Norvala on Monday, killing at "
        "least 42 people, the Norvala Disaster Agency said.\n\nGovernor Teresa Vance said 120 people were injured and "
        "about 3,000 homes were damaged across the province.",
    ),
    (
        "quake-2",
        "2023-03-08",
        "The death toll from Monday's earthquake in Norvala rose to 57, the Norvala Disaster "
        "Agency said on Wednesday.\n\nGovernor Teresa Vance said 150 people were injured. Rescue teams from Kestria "
        "searched collapsed buildings in the port of Ossan.",
    ),
    (
        "theft-1",
        "2023-03-11",
        "Thieves stole jewels worth 3 million euros from the Halden Museum in Brevik on "
        "Saturday, police said.\n\nInspector Marco Lind said two guards were injured during the raid.",
    ),
    (
        "theft-2",
        "2023-03-13",
        "Police in Brevik said the jewels taken from the Halden Museum were worth about "
        "2.5 million euros.\n\nInspector Marco Lind said four suspects had been arrested and three guards were hurt.",
    ),
]


def seed_articles() -> list[Article]:
    from graph.ingest import iter_articles

    return list(iter_articles([DATA]))


def generated(seeds: list[Article], n: int) -> list[Article]:
    """Articles of the seeds' story made of its paragraphs, with a figure of their own (and one far in time)."""
    rnd = random.Random(5)
    paras = [p for a in seeds for p in a.text.split("\n\n") if len(p.split()) > 8]
    out = []
    for i in range(n):
        body = rnd.sample(paras, 4)
        body.insert(1, f"Officials said {rnd.randint(2, 9)},{rnd.randint(100, 999)} families had filed claims.")
        day = date(2022, 6, 1) if i == n - 1 else date(2021, 12, rnd.randint(1, 28))
        out.append(Article(id=f"gen-{i:02d}", text="\n\n".join(body), date=day))
    return out


def mixed() -> list[Article]:
    return [Article(id=i, text=t, date=date.fromisoformat(d)) for i, d, t in OTHER_STORIES]


def nquads(store) -> list[bytes]:
    import pyoxigraph as ox

    return sorted(store.dump(ox.RdfFormat.N_QUADS).splitlines())


def fresh(articles: list[Article], nlp) -> list[bytes]:
    from graph.pipeline import build
    from graph.store import GraphStore

    store = GraphStore(None)
    build([], store, nlp=nlp, articles=articles)
    return nquads(store)


def story_count(store) -> int:
    import json

    from graph.derive.claims_index import INDEX_FILE

    return len(set(json.loads((store.path / INDEX_FILE).read_text())["stories"].values()))


@pytest.fixture
def claims_reads(monkeypatch) -> list:
    """The article ids each claims refresh read from the store (None: every article)."""
    import graph.derive.claims as claims

    calls: list = []
    real = claims.read_articles

    def spy(store, ids=None):
        calls.append(None if ids is None else sorted(ids))
        return real(store, ids)

    monkeypatch.setattr(claims, "read_articles", spy)
    return calls


@pytest.mark.parametrize("corpus", ["seeds+generated", "mixed stories"])
def test_articles_added_one_at_a_time_give_the_graph_of_a_fresh_build(corpus, real_nlp, tmp_path, claims_reads):
    from graph.pipeline import build
    from graph.store import GraphStore

    seeds = seed_articles()
    arts = seeds + generated(seeds, 6) if corpus == "seeds+generated" else mixed() + seeds[:1]
    with GraphStore(tmp_path / "s") as store:
        for i in range(len(arts)):
            build([], store, nlp=real_nlp, articles=arts[: i + 1])
        got = nquads(store)
    reads = list(claims_reads)
    assert got == fresh(arts, real_nlp)
    assert reads[0] is None and len(reads) == len(arts)  # the first build derives everything
    assert all(ids is not None and len(ids) <= 2 for ids in reads[1:]), reads  # later ones read what changed
    assert any(b"graph/claims" in line and b"MeasuredVariable" in line for line in got)


def test_changing_an_article_and_joining_two_stories_gives_the_graph_of_a_fresh_build(real_nlp, tmp_path, claims_reads):
    from graph.pipeline import build
    from graph.remove import remove
    from graph.store import GraphStore

    arts = mixed()
    bridge = Article(
        id="bridge",
        date=date(2023, 3, 12),
        text=(
            "Governor Teresa Vance of Norvala said the Halden Museum in Brevik would lend jewels for a fund that has "
            "raised 2 million euros for the 57 people killed in the earthquake.\n\nInspector Marco Lind of the Norvala "
            "Disaster Agency said 12 suspects had been arrested."
        ),
    )
    with GraphStore(tmp_path / "s") as store:
        build([], store, nlp=real_nlp, articles=arts)
        assert story_count(store) == 2
        build([], store, nlp=real_nlp, articles=arts + [bridge])
        assert story_count(store) == 1  # the bridge joined the quake and the theft
        reads = list(claims_reads)
        assert nquads(store) == fresh(arts + [bridge], real_nlp)
        changed = [
            Article(id=a.id, text=a.text.replace("42", "44"), date=a.date) if a.id == "quake-1" else a for a in arts
        ]
        build([], store, nlp=real_nlp, articles=changed + [bridge])
        reads += claims_reads[len(reads) + 1 :]
        assert nquads(store) == fresh(changed + [bridge], real_nlp)
        remove(store, ["bridge"])  # the stories split again
        reads.append(claims_reads[-1])
        assert story_count(store) == 2 and nquads(store) == fresh(changed, real_nlp)
    assert reads[1:] == [["bridge"], ["quake-1"], ["bridge"]]
