"""Entries as JSON: the objects of `mibib list --json`. Pure: no I/O."""

from mibib.json_text import render_json_text
from mibib.model import Paper


def render_json(papers: list[Paper]) -> str:
    """A JSON array of `Paper.to_dict()` objects, indented, non-ASCII kept as is."""
    data = [paper.to_dict() for paper in papers]
    return render_json_text(data) + "\n"
