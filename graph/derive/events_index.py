"""The asserted event reports of every article, kept beside the store (``newsgraph.events.json``) so that an
incremental events refresh reads from the store only the articles a build wrote.

Reports are kept without entity labels (a later article may rename an entity): the labels of now are put in
as they are loaded. A missing or unreadable file is rebuilt from one read of every report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TypeVar

from .claims_index import load_sidecar, save_sidecar

INDEX_FILE = "newsgraph.events.json"
VERSION = 1
R = TypeVar("R")  # events.Report, passed in: events imports this module
_FIELDS = (
    "start",
    "node",
    "predicate",
    "relation",
    "actor",
    "actor_text",
    "object",
    "object_text",
    "begin",
    "end",
    "time",
    "published",
)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def rows_of(reports: Iterable) -> dict[str, list[list]]:
    """Article id -> its reports as plain rows (labels left out)."""
    out: dict[str, list[list]] = {}
    for r in reports:
        row = [getattr(r, f) for f in _FIELDS]
        row[8], row[9], row[11] = _iso(r.begin), _iso(r.end), _iso(r.published)
        out.setdefault(r.article, []).append(row + [[p for p, _ in r.participants]])
    return out


def reports_of(rows: dict[str, list[list]], labels: dict[str, str], report_class: Callable[..., R]) -> dict[str, R]:
    """Report node -> ``report_class`` (events.Report), with the entity labels of now."""
    out: dict[str, R] = {}
    for article, items in rows.items():
        for row in items:
            f = dict(zip(_FIELDS, row[:-1], strict=True))
            for k in ("begin", "end", "published"):
                f[k] = None if f[k] is None else date.fromisoformat(f[k])
            out[f["node"]] = report_class(
                article=article,
                actor_label=labels.get(f["actor"]) if f["actor"] else None,
                object_label=labels.get(f["object"]) if f["object"] else None,
                participants=tuple(sorted((p, labels.get(p, "")) for p in row[-1])),
                **f,
            )
    return out


def load_rows(store) -> dict[str, list[list]] | None:
    data = load_sidecar(store, INDEX_FILE)
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("articles"), dict):
        return None
    return data["articles"]


def save_rows(store, rows: dict[str, list[list]]) -> None:
    save_sidecar(store, INDEX_FILE, {"version": VERSION, "articles": dict(sorted(rows.items()))})
