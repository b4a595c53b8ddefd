"""Interactive HTML graph (first version; see issue 5)."""
from __future__ import annotations


def write_html(store, output) -> str:
    raise NotImplementedError("viz is being built")
