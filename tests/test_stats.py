"""`mibib stats` and the pure counts behind it."""

import json
import re

import pytest

from mibib.features.stats import compute_stats
from mibib.model import Paper
from mibib.taxonomy import parse_taxonomy

TAXONOMY = """
[[category]]
key = "features"
title = "Features"
[[category]]
key = "superposition"
title = "Superposition"
parent = "features"
[[category]]
key = "tools"
title = "Tools"
"""


def test_own_counts_the_node_and_total_counts_each_entry_below_it_once():
    papers = [
        Paper("a", fields={"year": "2022"}, tags={"category": ["features", "superposition"]}),
        Paper("b", fields={"year": "2022"}, tags={"category": ["superposition"]}),
        Paper("c", fields={"year": "2024"}, tags={"category": ["tools"]}),
        Paper("d"),
    ]
    result = compute_stats(papers, parse_taxonomy(TAXONOMY))
    rows = [(n.key, n.depth, n.own, n.total) for n in result.nodes["category"]]
    assert rows == [("features", 0, 1, 2), ("superposition", 1, 2, 2), ("tools", 0, 1, 1)]
    assert result.untagged["category"] == 1
    assert result.years == [(2022, 2), (2024, 1)]
    assert result.no_year == 1


def test_stats_json_has_every_facet_and_the_years(invoke):
    result = invoke("stats", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["entries"] == 7
    features = next(n for n in data["category"]["nodes"] if n["key"] == "features")
    assert (features["own"], features["total"]) == (0, 4)
    assert {"category", "technique", "evaluation"} <= set(data)
    assert data["years"] == [
        {"year": 2021, "entries": 1},
        {"year": 2022, "entries": 3},
        {"year": 2023, "entries": 2},
        {"year": 2024, "entries": 1},
    ]


def test_stats_draws_bars_in_tree_order(invoke):
    result = invoke("stats", "--facet", "category", "-f", "technique")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    features = next(line for line in lines if "Findings on Features" in line)
    superposition = next(line for line in lines if line.strip().startswith("Superposition"))
    assert lines.index(features) < lines.index(superposition)
    assert superposition.split()[1:3] == ["4", "4"] and "█" in superposition
    assert any(line.strip().startswith("Visualization") for line in lines)
    assert any(line.split()[:2] == ["2022", "3"] for line in lines)


@pytest.mark.parametrize("columns", [50, 80])
def test_a_long_category_title_is_cut_and_never_the_counts(
    invoke, collection, monkeypatch, columns
):
    from mibib import console

    monkeypatch.setenv("COLUMNS", str(columns))
    console.stdout.cache_clear()  # a console of this width
    long_title = "Inference-Time Intervention/Activation Steering of Language Models"
    with (collection / "taxonomy.toml").open("a", encoding="utf-8") as taxonomy:
        taxonomy.write(f'\n[[category]]\nkey = "steering"\ntitle = "{long_title}"\n')
        taxonomy.write('parent = "superposition"\n')
    try:
        result = invoke("stats")
    finally:
        console.stdout.cache_clear()
    assert result.exit_code == 0, result.output
    lines = re.sub(r"\x1b\[[0-9;]*m", "", result.output).splitlines()
    assert max(map(len, lines)) <= columns
    assert lines[1].split() == ["Category", "Own", "Total"]
    row = next(line for line in lines if "Inference-Time" in line)
    *_, cut, own, total = row.split()
    assert cut.endswith("…") and (own, total) == ("0", "0")


def test_stats_rejects_an_unknown_facet(invoke):
    result = invoke("stats", "--facet", "colour")
    assert result.exit_code == 2
    assert "use category, technique, evaluation" in result.output


def test_stats_without_a_library_is_an_error(invoke, collection):
    (collection / "library.bib").unlink()
    result = invoke("stats")
    assert result.exit_code == 1
    assert "Error: " in result.output and "no library file" in result.output
