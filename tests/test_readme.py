"""The README's example output is what the commands print: every ``$ newsgraph ...`` block is run against a
store built from data/ (``docs/readme.py --update`` rewrites them)."""

from __future__ import annotations

import difflib
import importlib.util

import pytest

from .helpers import ROOT


@pytest.mark.model
def test_the_readme_shows_the_real_output(seeds_store_path):
    spec = importlib.util.spec_from_file_location("readme", ROOT / "docs" / "readme.py")
    readme = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(readme)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.BLOCK.search(text), "the README has no '$ newsgraph' example block"
    new = readme.render(text, seeds_store_path)
    diff = "".join(difflib.unified_diff(text.splitlines(True), new.splitlines(True), "README.md", "real output"))
    assert not diff, f"the README differs from the real output (run python docs/readme.py --update):\n{diff}"
