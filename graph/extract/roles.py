"""Roles: "Lee Gelernt, an ACLU lawyer" (first version: none)."""
from __future__ import annotations

from ..records import Article, Extraction


def extract_roles(doc, article: Article, so_far: Extraction) -> Extraction:
    return so_far
