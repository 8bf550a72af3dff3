"""Paper: tags kept per facet, and the tag verbs every command shares."""

from mibib.bibtex.schema import TAG_FIELDS
from mibib.model import FACET_NAMES, FACETS, Paper


def test_every_facet_has_a_tag_list_and_a_field():
    paper = Paper("a", tags={"category": ["circuits"]})
    assert list(paper.tags) == list(FACET_NAMES)
    assert paper.categories == ["circuits"]
    assert set(TAG_FIELDS) == set(FACET_NAMES)


def test_json_names_each_facet_by_its_plural():
    data = Paper("a", tags={"technique": ["probing"]}).to_dict()
    assert [facet.plural for facet in FACETS] == ["categories", "techniques", "evaluation"]
    assert (data["categories"], data["techniques"], data["evaluation"]) == ([], ["probing"], [])


def test_add_tags_appends_only_missing_keys_in_order():
    paper = Paper("a", tags={"technique": ["probing"]})
    assert paper.add_tags("technique", ["logit-lens", "probing", "logit-lens"]) == ["logit-lens"]
    assert paper.tags["technique"] == ["probing", "logit-lens"]


def test_remove_tags_reports_missing_keys_and_drops_a_categorys_own_tldr():
    paper = Paper("a", tags={"category": ["circuits", "tools"]})
    paper.category_tldrs = {"tools": "A library."}
    missing, dropped = paper.remove_tags("category", ["tools", "superposition"])
    assert (missing, dropped) == (["superposition"], ["tools"])
    assert (paper.categories, paper.category_tldrs) == (["circuits"], {})


def test_merge_tags_unites_tags_and_keeps_a_second_tldr_for_its_category():
    first = Paper("a", tags={"category": ["circuits"]}, tldr="First.")
    second = Paper("b", tags={"category": ["tools"], "evaluation": ["faithfulness"]})
    second.category_tldrs = {"tools": "Second."}
    assert first.merge_tags(second) is True
    assert first.tags == {
        "category": ["circuits", "tools"],
        "technique": [],
        "evaluation": ["faithfulness"],
    }
    assert (first.tldr, first.category_tldrs) == ("First.", {"tools": "Second."})
    assert first.merge_tags(second) is False


def test_merge_tags_keeps_the_other_entrys_tldr_for_each_category_it_brings():
    known = Paper("a", fields={"title": "Tuned Lens"})  # from a .bib: no tags, no TL;DR
    listed = Paper("b", tags={"category": ["techniques", "applications"]}, tldr="Probes.")
    listed.category_tldrs = {"applications": "Detects prompt injection."}
    assert known.merge_tags(listed) is True
    assert known.tldr == "Probes."
    assert known.category_tldrs == {"applications": "Detects prompt injection."}
    # A TL;DR for a category the entry is in already does not replace the entry's own.
    again = Paper("c", tags={"category": ["techniques", "tools"]}, tldr="Other words.")
    assert known.merge_tags(again) is True
    assert known.tldr_for("techniques") == "Probes."
    assert known.tldr_for("tools") == "Other words."
    assert known.merge_tags(again) is False


def test_a_new_facet_is_one_line_in_model_and_one_field_in_the_schema(collection, tmp_path):
    """Add a `dataset` facet to a copy of the code exactly as docs/architecture.md says:
    every command that tags, filters, shows or counts then knows it."""
    import json
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    import mibib

    code = tmp_path / "code"
    shutil.copytree(Path(mibib.__file__).parent, code / "mibib")
    for name, anchor, line in (
        (
            "model.py",
            '    Facet("evaluation", "evaluation"),\n',
            '    Facet("dataset", "datasets"),\n',
        ),
        (
            "bibtex/schema.py",
            '    "evaluation": "mibib-evaluation",\n',
            '    "dataset": "mibib-datasets",\n',
        ),
    ):
        path = code / "mibib" / name
        text = path.read_text(encoding="utf-8")
        assert text.count(anchor) == 1
        path.write_text(text.replace(anchor, anchor + line), encoding="utf-8")
    with (collection / "taxonomy.toml").open("a", encoding="utf-8") as taxonomy:
        taxonomy.write('\n[[dataset]]\nkey = "openwebtext"\ntitle = "OpenWebText"\n')

    def mibib_run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": str(code)}
        command = [sys.executable, "-m", "mibib", *args]
        return subprocess.run(command, cwd=collection, env=env, capture_output=True, text=True)

    tagged = mibib_run("tag", "elhage2022toy", "--dataset", "OpenWebText")
    assert tagged.returncode == 0, tagged.stderr
    assert "mibib-datasets = {openwebtext}" in (collection / "library.bib").read_text()
    listed = json.loads(mibib_run("list", "--dataset", "openwebtext", "--json").stdout)
    assert [(entry["key"], entry["datasets"]) for entry in listed] == [
        ("elhage2022toy", ["openwebtext"])
    ]
    stats = json.loads(mibib_run("stats", "--facet", "dataset", "--json").stdout)
    assert stats["dataset"]["nodes"][0]["own"] == 1
    unknown = mibib_run("tag", "elhage2022toy", "--dataset", "c4")
    assert unknown.returncode == 1
    assert "Error: unknown dataset 'c4'" in unknown.stderr
