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
