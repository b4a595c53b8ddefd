"""The ``newsgraph`` command: a thin layer over the library. Options in, library call, one-line result out.

``common.py`` holds the group and shared options; each module adds its commands to it.
"""

from __future__ import annotations

from . import building, publishing, reading  # noqa: F401  (each adds its commands to the group)
from .common import cli

__all__ = ["cli"]
