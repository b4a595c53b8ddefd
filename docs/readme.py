#!/usr/bin/env python3
"""Keep the README's example output true: every fenced block whose lines start with ``$ newsgraph ...`` is
run against a store built from data/, and the output under each command is what the command prints.

    python docs/readme.py            # exit 1 and show a diff if the README and the real output differ
    python docs/readme.py --update   # rewrite those blocks with the real output

``tests/test_readme.py`` runs the check, so the README cannot drift from the product (the cog habit).
"""

from __future__ import annotations

import argparse
import difflib
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```[a-z]*\n(\$ newsgraph .*?)^```$", re.M | re.S)


def run(command: str, store: str) -> str:
    """What ``newsgraph ...`` prints on standard output, run in this process against ``store``."""
    from click.testing import CliRunner

    from graph.cli import cli

    args = shlex.split(command)[1:]
    args = args[:1] + ["--store", store] + args[1:]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"README command failed ({result.exit_code}): {command}\n{result.output}")
    return result.stdout


def render(readme: str, store: str) -> str:
    """The README with every ``$ newsgraph`` block's output replaced by the real output."""

    def block(m: re.Match) -> str:
        out = []
        for cmd in re.findall(r"^\$ (newsgraph .*)$", m[1], re.M):
            out.append(f"$ {cmd}\n" + run(cmd, store).rstrip("\n") + "\n")
        fence = m[0].split("\n", 1)[0]
        return fence + "\n" + "".join(out) + "```"

    return BLOCK.sub(block, readme)


def seeds_store(folder: Path) -> str:
    from graph.pipeline import build
    from graph.store import GraphStore

    path = folder / "store"
    with GraphStore(path) as store:
        build([ROOT / "data"], store)
    return str(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="rewrite the README's example output")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    path = ROOT / "README.md"
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="ng-readme-") as tmp:
        new = render(text, seeds_store(Path(tmp)))
    if new == text:
        print("README output is up to date")
        return 0
    if a.update:
        path.write_text(new, encoding="utf-8")
        print("README output updated")
        return 0
    sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), new.splitlines(True), "README.md", "real output"))
    print("\nthe README differs from the real output: run python docs/readme.py --update")
    return 1


if __name__ == "__main__":
    sys.exit(main())
