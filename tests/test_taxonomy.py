"""taxonomy.toml: the shipped survey taxonomy, validation errors with lines, resolution."""

import json
from pathlib import Path

import pytest

from mibib.errors import TaxonomyError, UnknownTagError
from mibib.taxonomy import load_taxonomy, parse_taxonomy

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def shipped():
    return load_taxonomy(ROOT / "taxonomy.toml")


def test_shipped_taxonomy_has_the_survey_sections(shipped):
    sections = {
        "techniques": None,
        "evaluation": None,
        "features": "findings-and-applications",
        "polysemanticity": "features",
        "superposition": "features",
        "circuits": "findings-and-applications",
        "lm-behaviors": "circuits",
        "transformer-components": "circuits",
        "universality": "findings-and-applications",
        "in-context-learning": "model-capabilities",
        "reasoning": "model-capabilities",
        "other-capabilities": "model-capabilities",
        "phase-changes": "learning-dynamics",
        "fine-tuning": "learning-dynamics",
        "knowledge-editing": "lm-enhancement",
        "generation-steering": "lm-enhancement",
        "ai-safety": "applications",
        "other-applications": "applications",
        "tools": None,
    }
    for key, parent in sections.items():
        assert shipped.get("category", key).parent == parent, key


def test_shipped_taxonomy_has_the_survey_techniques_and_evaluation(shipped):
    techniques = {
        "probing": None,
        "automated-feature-explanation": None,
        "sparse-autoencoder": None,
        "logit-lens": None,
        "visualization": None,
        "causal-mediation-analysis": None,
        "activation-patching": "causal-mediation-analysis",
        "path-patching": "causal-mediation-analysis",
        "attribution-patching": "causal-mediation-analysis",
        "acdc": "causal-mediation-analysis",
        "edge-attribution-patching": "causal-mediation-analysis",
        "knockout": None,
        "zero-ablation": "knockout",
        "mean-ablation": "knockout",
        "resampling-ablation": "knockout",
        "causal-scrubbing": "knockout",
    }
    for key, parent in techniques.items():
        assert shipped.get("technique", key).parent == parent, key
    for key in ("faithfulness", "completeness", "minimality", "plausibility"):
        assert shipped.get("evaluation", key).parent == "intrinsic"
    assert shipped.get("evaluation", "extrinsic").parent is None


@pytest.mark.parametrize(
    ("facet", "spelling", "key"),
    [
        pytest.param("technique", "Logit lens", "logit-lens", id="case"),
        pytest.param("technique", "SAE", "sparse-autoencoder", id="alias"),
        pytest.param("technique", "Mean-ablation", "mean-ablation", id="hyphen"),
        pytest.param("category", "Findings on Features", "features", id="title"),
        pytest.param("evaluation", "Faithfulness", "faithfulness", id="title-case"),
    ],
)
def test_resolve_accepts_titles_aliases_and_spellings(shipped, facet, spelling, key):
    assert shipped.resolve(facet, spelling) == key


def test_resolve_suggests_the_closest_key(shipped):
    with pytest.raises(UnknownTagError, match="did you mean 'superposition'"):
        shipped.resolve("category", "superpositon")
    with pytest.raises(UnknownTagError, match="did you mean 'minimality'"):
        shipped.resolve("evaluation", "Minimaliity")


def test_a_title_several_categories_share_is_refused_with_their_keys(invoke, collection):
    """Imported lists give many sections one title ("General"): `-c General` names no
    one category, so the command says which keys to choose from."""
    with (collection / "taxonomy.toml").open("a", encoding="utf-8") as taxonomy:
        for key, parent in (("general", "circuits"), ("features-general", "features")):
            taxonomy.write(f'\n[[category]]\nkey = "{key}"\ntitle = "General"\n')
            taxonomy.write(f'parent = "{parent}"\n')
    before = (collection / "library.bib").read_bytes()
    for args in (("list", "-c", "General"), ("tag", "elhage2022toy", "-c", "GENERAL")):
        result = invoke(*args)
        assert result.exit_code == 1, result.output
        assert result.output == (
            f"Error: category '{args[-1]}' could be any of 2: general, features-general; "
            "give the key\n"
        )
    assert (collection / "library.bib").read_bytes() == before
    for key in ("general", "features-general"):  # a key, as it is written, is one category
        assert invoke("list", "-c", key).exit_code == 0
    assert invoke("list", "-c", "circuits", "-c", "GENERAL").exit_code == 1


def test_descendants_include_the_whole_subtree(shipped):
    assert shipped.descendants("category", "features") == {
        "features",
        "polysemanticity",
        "superposition",
    }


def test_suggest_categories_from_keywords(shipped):
    text = "Sparse autoencoders take features out of superposition in a small transformer"
    assert "superposition" in shipped.suggest_categories(text)


NODE = '[[category]]\nkey = "{key}"\ntitle = "{title}"\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            NODE.format(key="a", title="A") + "\n" + NODE.format(key="a", title="Again"),
            r"t\.toml:5: duplicate category key 'a' \(first defined on line 1\)",
            id="duplicate",
        ),
        pytest.param(
            NODE.format(key="a", title="A") + 'parent = "nope"\n',
            r"t\.toml:1: category 'a' has unknown parent 'nope'",
            id="unknown-parent",
        ),
        pytest.param(
            NODE.format(key="a", title="A")
            + 'parent = "b"\n\n'
            + NODE.format(key="b", title="B")
            + 'parent = "a"\n',
            r"t\.toml:1: category 'a' is part of a parent cycle \(a -> b -> a\)",
            id="cycle",
        ),
        pytest.param(
            NODE.format(key="a", title="A") + 'alias = ["x"]\n',
            r"t\.toml:1: unknown field 'alias'",
            id="unknown-field",
        ),
        pytest.param(
            NODE.format(key="Not A Slug", title="A"),
            r"t\.toml:1: \[\[category\]\] needs key = a slug",
            id="bad-key",
        ),
        pytest.param('[[category]]\nkey = "a"\ntitle = \n', r"t\.toml:3: invalid TOML", id="toml"),
        pytest.param(
            NODE.format(key="a", title="A") + 'columns = ["paper", "stars"]\n',
            r"t\.toml:1: unknown column 'stars'",
            id="column",
        ),
    ],
)
def test_invalid_taxonomy_names_the_line(text, message):
    with pytest.raises(TaxonomyError, match=message):
        parse_taxonomy(text, "t.toml")


def test_invalid_taxonomy_is_a_one_line_cli_error(invoke, collection):
    (collection / "taxonomy.toml").write_text(NODE.format(key="a", title="A") * 2)
    result = invoke("list")
    assert result.exit_code == 1
    assert result.output.strip().startswith("Error: ")
    assert "taxonomy.toml:4: duplicate category key 'a'" in result.output
    assert "Traceback" not in result.output


def test_a_taxonomy_edited_after_a_run_is_read_again(invoke, collection):
    """The parse of taxonomy.toml is kept in the cache only for the text it came from."""
    assert invoke("taxonomy", "--json").exit_code == 0  # the parse is cached now
    path = collection / "taxonomy.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title = "Superposition"', 'title = "Superposed"'), "utf-8")
    nodes = json.loads(invoke("taxonomy", "--json").output)
    assert next(node for node in nodes if node["key"] == "superposition")["title"] == "Superposed"
    path.write_text(text + NODE.format(key="superposition", title="Again"), "utf-8")
    result = invoke("list")
    assert result.exit_code == 1
    assert "duplicate category key 'superposition'" in result.output
    path.write_text(text, "utf-8")
    assert invoke("list", "--category", "superposition").exit_code == 0


def test_taxonomy_json_lists_every_node(invoke):
    result = invoke("taxonomy", "--json")
    assert result.exit_code == 0
    nodes = json.loads(result.output)
    superposition = next(node for node in nodes if node["key"] == "superposition")
    assert superposition["facet"] == "category"
    assert superposition["parent"] == "features"
    assert superposition["title"] == "Superposition"
    assert {"key", "title", "facet", "parent", "aliases"} <= set(superposition)
    assert {node["facet"] for node in nodes} == {"category", "technique", "evaluation"}


def test_taxonomy_tree_shows_counts_including_descendants(invoke):
    result = invoke("taxonomy")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    features = next(line for line in lines if "(features)" in line)
    superposition = next(line for line in lines if "(superposition)" in line)
    assert features.rstrip().endswith(" 4")
    assert superposition.rstrip().endswith(" 4")


def test_resolve_keys_splits_commas_and_keeps_each_key_once(shipped):
    keys = shipped.resolve_keys("technique", ["Logit Lens, probing", "logit-lens"])
    assert keys == ["logit-lens", "probing"]
    assert shipped.resolve_keys("technique", None) == []
    with pytest.raises(UnknownTagError, match="did you mean 'probing'"):
        shipped.resolve_keys("technique", ["probng"])


def test_labels_in_other_scripts_name_only_their_own_node():
    from mibib.taxonomy import normalize_label

    assert normalize_label("多模态") != normalize_label("经典模型")
    assert normalize_label("Logit Lens") == normalize_label("logit-lens")
    assert normalize_label("🔥 ") == ""
