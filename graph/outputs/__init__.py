"""Outputs read from the store: the graph page, the timeline listing and the exports."""
