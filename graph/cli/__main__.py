"""``python -m graph.cli``: the same as the ``newsgraph`` command."""

from graph.cli import cli

cli()
