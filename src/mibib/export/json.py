"""Entries as JSON: the objects of `mibib list --json`. Pure: no I/O."""

import json

from mibib.model import Paper


def render_json(papers: list[Paper]) -> str:
    """A JSON array of `Paper.to_dict()` objects, indented, non-ASCII kept as is."""
    data = [paper.to_dict() for paper in papers]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
