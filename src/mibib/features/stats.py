"""Counts for `mibib stats`: entries per taxonomy node and per year. Pure: no I/O, no printing.

A node's `own` count is the entries tagged with that node itself; its `total`
counts each entry tagged with the node or any node below it once.
"""

from collections import Counter
from dataclasses import dataclass

from mibib.model import FACET_NAMES, Paper
from mibib.taxonomy import Taxonomy


@dataclass(frozen=True)
class NodeCount:
    """One taxonomy node's counts, in tree order (`depth` 0 for a root)."""

    facet: str
    key: str
    title: str
    depth: int
    own: int
    total: int

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "title": self.title,
            "depth": self.depth,
            "own": self.own,
            "total": self.total,
        }


@dataclass(frozen=True)
class Stats:
    """Everything `mibib stats` shows."""

    entries: int
    nodes: dict[str, list[NodeCount]]
    untagged: dict[str, int]
    years: list[tuple[int, int]]
    no_year: int

    def to_dict(self) -> dict:
        return {
            "entries": self.entries,
            **{
                facet: {
                    "nodes": [node.to_dict() for node in nodes],
                    "untagged": self.untagged[facet],
                }
                for facet, nodes in self.nodes.items()
            },
            "years": [{"year": year, "entries": count} for year, count in self.years],
            "no_year": self.no_year,
        }


def compute_stats(papers: list[Paper], taxonomy: Taxonomy) -> Stats:
    """Count entries per node of every facet (tree order) and per year (ascending)."""
    nodes: dict[str, list[NodeCount]] = {}
    untagged: dict[str, int] = {}
    for facet in FACET_NAMES:
        tag_sets = [set(paper.tags[facet]) for paper in papers]
        own = Counter(tag for tags in tag_sets for tag in tags)
        nodes[facet] = [
            NodeCount(
                facet=facet,
                key=node.key,
                title=node.title,
                depth=taxonomy.depth(facet, node.key),
                own=own[node.key],
                total=_count_touching(tag_sets, taxonomy.descendants(facet, node.key)),
            )
            for node in taxonomy.walk(facet)
        ]
        untagged[facet] = sum(1 for tags in tag_sets if not tags)
    years = Counter(paper.year for paper in papers if paper.year is not None)
    return Stats(
        entries=len(papers),
        nodes=nodes,
        untagged=untagged,
        years=sorted(years.items()),
        no_year=sum(1 for paper in papers if paper.year is None),
    )


def _count_touching(tag_sets: list[set[str]], keys: set[str]) -> int:
    return sum(1 for tags in tag_sets if not tags.isdisjoint(keys))
