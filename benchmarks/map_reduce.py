#!/usr/bin/env python3
"""The map/reduce path for large corpora, run locally: partitions extracted in parallel processes to N-Quads,
then bulk-loaded into one store. An engine (Dask, Ray, Spark) runs the same `map_partition` per partition.

    python benchmarks/map_reduce.py -n 200 --partitions 4 --workers 2
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def map_one(args: tuple[str, str]) -> tuple[str, float]:
    from graph.partition import map_partition

    src, out = args
    t = time.perf_counter()
    Path(out).write_bytes(map_partition([src]))
    return out, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()

    from build_bench import corpus, write_jsonl

    from graph.pipeline import build
    from graph.partition import load_partitions
    from graph.store import GraphStore

    arts = corpus(a.n)
    with tempfile.TemporaryDirectory(prefix="ng-mr-") as tmp:
        tmp = Path(tmp)
        size = -(-a.n // a.partitions)
        jobs = [(str(write_jsonl(arts[i:i + size], tmp / f"in-{k}.jsonl")), str(tmp / f"part-{k}.nq"))
                for k, i in enumerate(range(0, a.n, size))]
        t = time.perf_counter()
        with ProcessPoolExecutor(a.workers) as pool:
            results = list(pool.map(map_one, jobs))
        mapped = time.perf_counter() - t
        t = time.perf_counter()
        merged = GraphStore(tmp / "merged")
        quads = load_partitions(merged, [out for out, _ in results])
        reduced = time.perf_counter() - t
        t = time.perf_counter()
        single = GraphStore(tmp / "single")
        build([str(tmp / f"in-{k}.jsonl") for k in range(len(jobs))], single)
        one = time.perf_counter() - t
        same = merged.export("nquads") == single.export("nquads")
        print(f"{a.n} articles in {len(jobs)} partitions, {a.workers} processes")
        print(f"map   : {mapped:7.2f} s (per partition: {', '.join(f'{s:.1f}' for _, s in results)} s)")
        print(f"reduce: {reduced:7.2f} s ({quads:,} article-graph quads bulk-loaded, shared graphs recomputed)")
        print(f"single build: {one:7.2f} s; map+reduce / single: {(mapped + reduced) / one:.2f}")
        print(f"identical sorted N-Quads to the single build: {same}")
        merged.close(), single.close()


if __name__ == "__main__":
    main()
