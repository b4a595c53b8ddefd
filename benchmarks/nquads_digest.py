"""Print the SHA-256 of the sorted N-Quads that a build gives, for checking that a change leaves output identical.

    python benchmarks/nquads_digest.py data/ ../shared/eval/dev/meantime-dev.gold.jsonl
    python benchmarks/nquads_digest.py --cli "python -m graph.cli" --keep out/digest data/

A gold JSON Lines file (an eval set) is first turned into articles with the fields the scorer passes on.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

INPUT_FIELDS = ("id", "date", "title", "publisher", "url", "text")


def as_input(source: Path, work: Path) -> Path:
    if source.is_dir() or not source.name.endswith(".gold.jsonl"):
        return source
    target = work / (source.name.removesuffix(".gold.jsonl") + ".jsonl")
    with source.open(encoding="utf-8") as gold, target.open("w", encoding="utf-8") as out:
        for line in gold:
            if line.strip():
                item = json.loads(line)
                out.write(json.dumps({k: item[k] for k in INPUT_FIELDS if item.get(k) is not None}) + "\n")
    return target


# A fixed path per checkout: each article records its source file, so the path must not change between runs.
WORK = Path(tempfile.gettempdir()) / f"newsgraph-digest-{hashlib.sha256(str(Path.cwd()).encode()).hexdigest()[:8]}"


def digest(cli: list[str], source: Path, keep: Path | None) -> tuple[str, int]:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    try:
        work = WORK
        store = work / "store"
        subprocess.run(
            [*cli, "build", str(as_input(source, work)), "--store", str(store)], check=True, capture_output=True
        )
        quads = subprocess.run(
            [*cli, "export", "--format", "nquads", "--store", str(store)], check=True, capture_output=True
        ).stdout
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / ((source.name.split(".")[0] or "data") + ".nq")).write_bytes(quads)
    return hashlib.sha256(quads).hexdigest(), quads.count(b"\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+", type=Path, help="article folders or files, or gold .jsonl sets")
    parser.add_argument("--cli", default="newsgraph", help="how to run the CLI [default: newsgraph]")
    parser.add_argument("--keep", type=Path, help="folder to keep each sorted N-Quads file in, for a diff")
    args = parser.parse_args(argv)
    for source in args.sources:
        sha, lines = digest(shlex.split(args.cli), source, args.keep)
        print(f"{sha}  {lines:>7} quads  {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
