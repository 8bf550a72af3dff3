"""`mibib import`: .bib files and Markdown lists, through the CLI on temp copies."""

import difflib
import json
import shutil
from pathlib import Path

from conftest import DATA

from mibib.cli import app

IMPORT = Path(__file__).parent / "data" / "import"
REFERENCE = IMPORT / "reference-list.md"
COOPER = IMPORT / "cooperleong00__Awesome-LLM-Interpretability.md"
RUIZHE = IMPORT / "ruizheliUOA__Awesome-Interpretability-in-Large-Language-Models.md"
BIB = IMPORT / "mi-papers.bib"


def run(runner, *args: str):
    return runner.invoke(app, [str(arg) for arg in args])


def entries(runner) -> dict[str, dict]:
    result = run(runner, "list", "--json")
    assert result.exit_code == 0, result.output
    return {entry["key"]: entry for entry in json.loads(result.stdout)}


def by_title(runner, words: str) -> list[dict]:
    return [entry for entry in entries(runner).values() if words.lower() in entry["title"].lower()]


def taxonomy_nodes(runner) -> list[dict]:
    return json.loads(run(runner, "taxonomy", "--json").stdout)


def category_parents(runner) -> dict[str, str | None]:
    nodes = json.loads(run(runner, "taxonomy", "--json").stdout)
    return {node["key"]: node["parent"] for node in nodes if node["facet"] == "category"}


def only_insertions(old: str, new: str) -> bool:
    """True when `new` is `old` with lines added (and at most commas appended)."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("delete",):
            return False
        if tag == "replace":
            changed = old.splitlines()[a1:a2]
            added = new.splitlines()[b1:b2]
            if not all(line + "," in added for line in changed):
                return False
    return True


def collection_files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ("library.bib", "taxonomy.toml")}


def check_is_clean(runner) -> str:
    result = run(runner, "check")
    assert result.exit_code == 0, result.output
    assert ", 0 errors," in result.output
    return result.output


def test_reference_list_into_empty_collection_gives_each_paper_once(runner, empty):
    result = run(runner, "import", REFERENCE)
    assert result.exit_code == 0, result.output
    found = entries(runner)
    # 53 papers; the 9 tools of its Tools table link only code or a site: not papers.
    assert len(found) == 53
    titles = [entry["title"].lower() for entry in found.values()]
    assert len(titles) == len(set(titles))
    ioi = by_title(runner, "Interpretability in the Wild")
    assert len(ioi) == 1 and len(ioi[0]["categories"]) == 5
    assert ioi[0]["arxiv"] == "2211.00593" and ioi[0]["venue"] == "ICLR"
    assert ioi[0]["year"] == 2023
    parents = category_parents(runner)
    assert parents["interpreting-lm-behaviors"] == "findings-on-circuits"
    assert "52 new, 0 merged, 32 skipped, 1 conflict" in result.output
    check_is_clean(runner)


def test_techniques_and_evaluations_the_taxonomy_lacks_are_added_as_sections_are(runner, empty):
    """A fresh collection knows none of the list's techniques and evaluations: each value
    becomes a node as written (a typo of one joins it), so nothing the list says is lost."""
    before = (empty / "taxonomy.toml").read_text()
    result = run(runner, "import", REFERENCE)
    assert result.exit_code == 0, result.output
    assert "match nothing in the taxonomy" not in result.output
    assert "New technique 'logit-lens' (Logit lens)" in result.output
    assert "New evaluation 'extrinsic-knowledge-editing' (Extrinsic (Knowledge Editing))" in (
        result.output
    )
    assert "evaluation 'Minimaliity' read as 'minimality'" in result.output
    after = (empty / "taxonomy.toml").read_text()
    assert only_insertions(before, after)  # the starter's comments and nodes stay
    titles = {(node["facet"], node["title"]) for node in taxonomy_nodes(runner)}
    for technique in (
        "Edge Attribution Patching (EAP)",
        "Attribution Patching (AtP)",
        "Attribution Patching",
        "Mean-ablation",
        "Path Patching",
        "Visualization",
    ):
        assert ("technique", technique) in titles  # fmt: skip
    assert ("evaluation", "Extrinsic (Prompt injection detection)") in titles
    ioi = by_title(runner, "Interpretability in the Wild")[0]
    assert ioi["techniques"] == ["mean-ablation", "path-patching", "visualization"]
    assert ioi["evaluation"][:3] == ["faithfulness", "completeness", "minimality"]
    check_is_clean(runner)
    assert "0 new, 0 merged" in run(runner, "import", REFERENCE).output
    assert (empty / "taxonomy.toml").read_text() == after


def test_no_new_categories_leaves_unknown_tags_out_and_lists_them(runner, empty):
    before = (empty / "taxonomy.toml").read_bytes()
    result = run(runner, "import", REFERENCE, "--no-new-categories")
    assert result.exit_code == 0, result.output
    assert (empty / "taxonomy.toml").read_bytes() == before
    assert "technique: 18 values match nothing in the taxonomy and were left out" in (
        " ".join(result.output.split())
    )


def test_reference_list_into_sample_collection_merges_and_maps_tags(runner, collection):
    taxonomy_before = (collection / "taxonomy.toml").read_bytes()
    nodes_before = {(node["facet"], node["key"]) for node in taxonomy_nodes(runner)}
    library_before = (collection / "library.bib").read_text()
    result = run(runner, "import", REFERENCE)
    assert result.exit_code == 0, result.output
    # Every heading names a category of this taxonomy; of the tags, only the techniques
    # "PCA" and "Automated Explanation Score" (an evaluation here) and the evaluation
    # "Knockout" (a technique here) are new to it.
    taxonomy_after = (collection / "taxonomy.toml").read_bytes()
    assert only_insertions(taxonomy_before.decode(), taxonomy_after.decode())
    nodes = {(node["facet"], node["key"]) for node in taxonomy_nodes(runner)}
    added = nodes - nodes_before
    assert added == {
        ("technique", "pca"), ("technique", "automated-explanation-score"),
        ("evaluation", "knockout"),
    }  # fmt: skip
    assert "New technique 'pca' (PCA)" in result.output
    found = entries(runner)
    assert len(found) == 54  # the 53 papers, one of them two entries (a shared id)
    ioi = by_title(runner, "Interpretability in the Wild")[0]
    assert ioi["categories"] == [
        "techniques", "evaluation", "transformer-components", "universality", "applications"
    ]  # fmt: skip
    assert ioi["techniques"] == ["mean-ablation", "path-patching", "visualization"]
    assert ioi["evaluation"] == ["faithfulness", "completeness", "minimality", "extrinsic"]
    assert ioi["tldr"].startswith("The paper proposed to use mean-ablation")
    assert set(ioi["category_tldrs"]) == {
        "evaluation", "transformer-components", "universality", "applications"
    }  # fmt: skip
    toy = found["elhage2022toy"]  # already in the library: merged, not doubled
    assert {"superposition", "features", "applications"} <= set(toy["categories"])
    fine_tuning = by_title(runner, "Fine-tuning enhances existing mechanisms")[0]
    assert "minimality" in fine_tuning["evaluation"]
    assert "evaluation 'Minimaliity' read as 'minimality'" in result.output
    # Existing entries keep their bytes apart from the tags added to them.
    assert "@misc{elhage2022toy," in (collection / "library.bib").read_text()
    assert library_before.splitlines()[0] == (collection / "library.bib").read_text().split("\n")[0]
    check_is_clean(runner)


def test_an_entry_imported_without_a_contested_id_keeps_its_link(runner, empty, monkeypatch):
    """The list links arXiv 2311.04131 twice, under the titles of two of its versions.
    Titles that differ cannot be told from a wrong link offline, so the second stays a
    conflict without the id; but the link the list gave stays with it, where it claims
    no id, and `check` and `show` bring it up until a person decides."""
    monkeypatch.setenv("TTY_COMPATIBLE", "0")  # the report's rows as tab-separated lines
    result = run(runner, "import", RUIZHE)
    assert result.exit_code == 0, result.output
    report = " ".join(result.output.split())
    assert "imported without it (its eprint, url kept in mibib-unverified)" in report
    shared = by_title(runner, "Interpreting Shared Circuits for Ordered Sequence Prediction")
    assert len(shared) == 1 and shared[0]["arxiv"] is None
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    shown = run(runner, "show", shared[0]["key"]).output
    assert "https://arxiv.org/pdf/2311.04131v3" in shown
    check = check_is_clean(runner)
    assert "url = https://arxiv.org/pdf/2311.04131v3 (its id is another entry's)" in check
    towards = by_title(runner, "Towards Interpretable Sequence Continuation")[0]
    assert towards["arxiv"] == "2311.04131"
    assert "0 new, 0 merged" in run(runner, "import", RUIZHE).output


def test_two_papers_sharing_an_arxiv_id_are_a_reported_conflict(runner, collection):
    result = run(runner, "import", REFERENCE)
    assert result.exit_code == 0, result.output
    assert "1 conflict" in result.output
    assert "shares arXiv id 2202.05262" in result.output
    rome = by_title(runner, "Locating and Editing Factual Associations in GPT")
    recall = by_title(runner, "Dissecting Recall")
    assert len(rome) == 1 and rome[0]["arxiv"] == "2202.05262"
    assert len(recall) == 1 and recall[0]["arxiv"] is None
    assert recall[0]["venue"] == "EMNLP" and recall[0]["year"] == 2023


def test_dry_run_writes_nothing(runner, empty):
    before = {path.name: path.read_bytes() for path in empty.iterdir()}
    result = run(runner, "import", REFERENCE, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run: nothing written" in result.output
    assert "New category 'paper-collection'" in result.output
    assert {path.name: path.read_bytes() for path in empty.iterdir()} == before


def test_new_categories_keep_taxonomy_comments_and_layout(runner, collection):
    listing = collection / "list.md"
    listing.write_text(
        "# List\n\n## Findings on Features\n\n### 🌱 Feature Geometry\n\n"
        "- [A Paper On Geometry (ICML 2024)](https://arxiv.org/abs/2406.00001)\n"
    )
    before = (collection / "taxonomy.toml").read_text()
    result = run(runner, "import", listing)
    assert result.exit_code == 0, result.output
    after = (collection / "taxonomy.toml").read_text()
    assert only_insertions(before, after)
    new = '[[category]]\nkey = "feature-geometry"\ntitle = "Feature Geometry"\n'
    assert new + 'parent = "features"\n' in after
    # It sits after the last category below its parent, before the next branch.
    assert after.index('key = "feature-geometry"') < after.index('key = "circuits"')
    assert category_parents(runner)["feature-geometry"] == "features"
    assert by_title(runner, "Geometry")[0]["categories"] == ["feature-geometry"]
    check_is_clean(runner)


def test_no_new_categories_files_entries_under_the_nearest_known_heading(runner, collection):
    listing = collection / "list.md"
    listing.write_text(
        "# List\n\n## Findings on Features\n\n### Feature Geometry\n\n"
        "- [A Paper On Geometry (ICML 2024)](https://arxiv.org/abs/2406.00001)\n"
    )
    before = (collection / "taxonomy.toml").read_bytes()
    result = run(runner, "import", listing, "--no-new-categories")
    assert result.exit_code == 0, result.output
    assert (collection / "taxonomy.toml").read_bytes() == before
    assert "has no category (--no-new-categories); its entries go to 'features'" in result.output
    assert by_title(runner, "Geometry")[0]["categories"] == ["features"]


def test_list_shapes_are_read(runner, collection):
    result = run(runner, "import", IMPORT / "formats.md")
    assert result.exit_code == 0, result.output
    found = {entry["title"]: entry for entry in entries(runner).values()}
    toy = found["Toy Models of Superposition"]  # matched the library's entry by arXiv id
    assert toy["key"] == "elhage2022toy" and "bullets" in toy["categories"]
    escaped = found["Escaped Venue Tags Are Read"]
    assert (escaped["venue"], escaped["year"], escaped["arxiv"]) == ("ICML", 2025, "2501.00001")
    assert escaped["key"] == "escaped2025venue" and escaped["type"] == "inproceedings"
    bold = found["Bold Venue Before The Title"]
    assert (bold["venue"], bold["year"], bold["tldr"]) == ("ICLR", 2024, "one line of description")
    quoted = found["Quoted Titles Lose Their Quotes"]
    assert (quoted["venue"], quoted["year"], quoted["arxiv"]) == ("NeurIPS", 2023, "2402.00002")
    assert found["Several Links In One Item"]["url"] == "https://example.org/paper"
    stray = found["A Title With [Stray Brackets] Inside"]
    assert (stray["venue"], stray["year"]) == ("EMNLP", 2022)
    row = found["A Table Row Paper"]
    assert row["techniques"] == ["logit-lens", "sparse-autoencoder"]
    assert row["evaluation"] == ["minimality"] and row["tldr"] == "Rows give a TL;DR."
    assert (row["venue"], row["year"]) == ("EMNLP", 2024)
    grokking = found["Progress measures for grokking via mechanistic interpretability"]
    assert grokking["categories"] == ["bullets", "tables"]
    assert grokking["arxiv"] == "2301.05217" and grokking["evaluation"] == ["extrinsic"]
    # The first TL;DR the list gives becomes the entry's TL;DR.
    assert grokking["tldr"] == "Listed a second time, in another section."
    assert grokking["category_tldrs"] == {}
    html = found["An HTML Table Row"]
    assert (html["year"], html["arxiv"]) == (2023, "2311.00004")
    assert not any("contribute" in title.lower() for title in found)
    assert "not-an-entry" not in json.dumps(list(found.values()))
    check_is_clean(runner)


def test_cooperleong00_list_into_empty_collection_is_a_working_collection(runner, empty):
    result = run(runner, "import", COOPER)
    assert result.exit_code == 0, result.output
    found = entries(runner)
    # PROVENANCE: about 281 entries (+-5%) in paper sections, some listed twice; its tools,
    # videos and people are not papers.
    assert 281 * 0.9 <= len(found) <= 281
    arxiv_ids = {entry["arxiv"] for entry in found.values() if entry["arxiv"]}
    assert 172 * 0.95 <= len(arxiv_ids) <= 173  # one more behind a mistyped link target
    assert not any(
        entry["title"] in ("Tutorial", "Neel Nanda's Channel") for entry in found.values()
    )
    assert "general" in category_parents(runner)
    check_is_clean(runner)
    listed = run(runner, "list", "--category", "sparse-coding")
    assert listed.exit_code == 0 and "18 of" in listed.output


def test_ruizheli_list_tables_counts(runner, empty):
    result = run(runner, "import", RUIZHE)
    assert result.exit_code == 0, result.output
    found = entries(runner)
    parents = category_parents(runner)
    papers = {
        key
        for key, entry in found.items()
        if any(
            parents.get(category) == "awesome-interpretability-papers"
            for category in entry["categories"]
        )
    }
    # 198 paper rows (+-5%), of which a few list the same paper twice.
    assert 198 * 0.95 <= len(papers) <= 198
    # 149 ids appear in the file; a tool's [Paper] link is not the tool's own id.
    arxiv_ids = {entry["arxiv"] for entry in found.values() if entry["arxiv"]}
    assert 149 * 0.9 <= len(arxiv_ids) <= 149
    dated = found[by_title(runner, "Knowledge Mechanisms in Large Language Models")[0]["key"]]
    assert (dated["venue"], dated["year"]) == ("EMNLP", 2024)
    check_is_clean(runner)


def test_bib_import_keeps_existing_bytes_and_skips_duplicates(runner, collection):
    before = (collection / "library.bib").read_text()
    count = len(entries(runner))
    result = run(runner, "import", BIB)
    assert result.exit_code == 0, result.output
    assert "34 new, 0 merged, 6 skipped" in result.output
    assert "already in the library as elhage2022toy" in result.output
    after = (collection / "library.bib").read_text()
    assert only_insertions(before, after)
    found = entries(runner)
    assert len(found) == count + 34
    belrose = found["belrose2023eliciting"]
    assert belrose["authors"][0] == "Nora Belrose"  # `authors=` read as author, and said so
    assert "field 'authors' read as 'author'" in result.output
    framework = by_title(runner, "A Mathematical Framework for Transformer Circuits")[0]
    assert framework["categories"] == [] and framework["year"] == 2021
    assert "keywords = {" in after  # a keywords field stays a field, not a tag
    check_is_clean(runner)


def test_bib_merge_fills_missing_fields_and_changes_nothing_else(runner, empty):
    assert run(runner, "import", REFERENCE).exit_code == 0
    before = (empty / "library.bib").read_text()
    plain = run(runner, "import", BIB)
    assert plain.exit_code == 0, plain.output
    assert (empty / "library.bib").read_text() == before  # nothing new, nothing filled
    assert "0 new, 0 merged, 40 skipped" in plain.output
    assert (  # the fields the entries lack are named, with the way to fill them
        "40 entries already here lack fields this file gives (year, author, doi, copyright, "
        "primaryclass, pages, …): import it again with --merge to fill them\n"
    ) in plain.output
    merged = run(runner, "import", BIB, "--merge")
    assert merged.exit_code == 0, merged.output
    assert "0 new, 40 merged" in merged.output and "--merge" not in merged.output
    after = (empty / "library.bib").read_text()
    assert only_insertions(before, after)
    added = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())]
    assert all(not line.startswith("- ") for line in added)
    ioi = by_title(runner, "Interpretability in the Wild")[0]
    assert ioi["authors"][:2] == ["Kevin Wang", "Alexandre Variengien"]
    recall = by_title(runner, "Dissecting Recall")[0]
    assert recall["authors"][0] == "Mor Geva"
    check_is_clean(runner)


def test_merge_fills_where_a_paper_appeared_only_into_an_entry_of_that_type(
    runner, empty, monkeypatch
):
    """The list gives Sparse Feature Circuits as a 2024 preprint (@misc); the .bib as ICLR
    2025 (@inproceedings). A booktitle beside the preprint's type and year would make an
    entry that is neither: the venue stays out, and the row says why."""
    monkeypatch.setenv("TTY_COMPATIBLE", "0")  # the report's rows as tab-separated lines
    assert run(runner, "import", REFERENCE).exit_code == 0
    merged = run(runner, "import", BIB, "--merge")
    assert merged.exit_code == 0, merged.output
    report = " ".join(merged.output.split())
    assert (
        "booktitle not filled: they say where an @inproceedings appeared, and this entry is "
        "a @misc (change its type by hand to take them)"
    ) in report
    bib = (empty / "library.bib").read_text()
    sparse = bib[bib.index("@misc{sparse2024feature,") :].split("\n}")[0]
    assert "booktitle" not in sparse and "author = {Samuel Marks and" in sparse
    for block in bib.split("\n@")[1:]:
        if block.startswith("misc{"):
            assert "booktitle = " not in block and "\n  journal = " not in block, block
    check_is_clean(runner)


def test_category_option_tags_everything_imported(runner, collection):
    result = run(runner, "import", BIB, "--category", "Superposition", "-t", "probing")
    assert result.exit_code == 0, result.output
    new = [entry for entry in entries(runner).values() if entry["key"] == "belrose2023eliciting"]
    assert new[0]["categories"] == ["superposition"] and new[0]["techniques"] == ["probing"]


def test_duplicates_within_a_bib_file_are_imported_once(runner, collection):
    twice = collection / "twice.bib"
    entry = "@article{%s,\n  title = {Same Paper Twice},\n  year = {2021},\n"
    entry += "  eprint = {2101.00001}\n}\n"
    twice.write_text(entry % "first2021" + "\n" + entry % "second2021")
    result = run(runner, "import", twice)
    assert result.exit_code == 0, result.output
    assert "1 new, 0 merged, 1 skipped" in result.output
    assert "first2021" in entries(runner) and "second2021" not in entries(runner)


def test_keys_of_one_paper_listed_twice_stay_citable(runner, empty, monkeypatch):
    """biblatex's own examples list four works twice under two keys (a `related` variant,
    the arXiv preprint as @online): one entry each, the second key its other key (`ids`),
    which `show` finds and the report names."""
    monkeypatch.setenv("TTY_COMPATIBLE", "0")  # the report's rows as tab-separated lines
    result = run(runner, "import", DATA / "bib" / "biblatex-examples.bib")
    assert result.exit_code == 0, result.output
    rows = {line.split("\t")[2]: line for line in result.stdout.splitlines()}
    joined = {
        "knuth:ct:related": "knuth:ct",
        "kullback:related": "kullback:reprint",
        "vangennep:related": "vangennep",
        "baez/online": "baez/article",
    }
    found = entries(runner)
    bib = (empty / "library.bib").read_text()
    for alias, kept in joined.items():
        assert f"its key stays citable as another key of {kept} (ids)" in rows[alias]
        assert alias not in found and kept in found
        assert f"ids = {{{alias}}}" in bib
        shown = run(runner, "show", alias, "--json")
        assert json.loads(shown.stdout)["key"] == kept
    assert "kullback" in found  # the 1959 first edition is another publication
    check_is_clean(runner)
    again = run(runner, "import", DATA / "bib" / "biblatex-examples.bib")
    assert "0 new, 0 merged, 90 skipped" in again.output
    assert (empty / "library.bib").read_text() == bib


def test_a_bib_key_for_an_entry_already_here_is_kept_with_merge(runner, collection, monkeypatch):
    """The file's key names the library's entry of that paper: the report names it, and
    --merge keeps it as the entry's other key, so documents citing it still compile."""
    monkeypatch.setenv("TTY_COMPATIBLE", "0")  # the report's rows as tab-separated lines
    mine = collection / "mine.bib"
    mine.write_text(
        "@article{myToyModels,\n  title = {Toy Models of Superposition},\n"
        "  eprint = {2209.10652},\n  archivePrefix = {arXiv}\n}\n"
    )
    before = (collection / "library.bib").read_text()
    plain = run(runner, "import", mine)
    assert plain.exit_code == 0, plain.output
    assert (collection / "library.bib").read_text() == before
    assert (
        "myToyModels\tToy Models of Superposition\talready in the library as elhage2022toy "
        "(myToyModels here: --merge keeps it as another key of elhage2022toy)"
    ) in plain.stdout
    merged = run(runner, "import", mine, "--merge")
    assert "myToyModels kept as another key of elhage2022toy (ids)" in merged.output
    assert json.loads(run(runner, "show", "myToyModels", "--json").stdout)["key"] == (
        "elhage2022toy"
    )
    assert "0 new, 0 merged, 1 skipped" in run(runner, "import", mine, "--merge").output
    check_is_clean(runner)


def test_check_refuses_an_other_key_that_names_another_entry(runner, collection):
    library = collection / "library.bib"
    text = library.read_text().replace(
        "@misc{elhage2022toy,", "@misc{elhage2022toy,\n  ids = {olsson2022context},", 1
    )
    library.write_text(text)
    result = run(runner, "check")
    assert result.exit_code == 1
    assert (
        "elhage2022toy: error: its other key 'olsson2022context' (ids) also names "
        "'olsson2022context'"
    ) in result.output


def test_clashing_key_gets_a_suffix(runner, collection):
    clash = collection / "clash.bib"
    clash.write_text(
        "@misc{elhage2022toy,\n  title = {Another Paper Entirely},\n  year = {2022}\n}\n"
    )
    result = run(runner, "import", clash)
    assert result.exit_code == 0, result.output
    assert entries(runner)["elhage2022toya"]["title"] == "Another Paper Entirely"
    assert "key 'elhage2022toy' is another entry's, so it became 'elhage2022toya'" in " ".join(
        result.output.split()
    )


def test_unparsable_bib_is_an_error_with_file_and_line(runner, collection):
    before = (collection / "library.bib").read_bytes()
    broken = collection / "broken.bib"
    shutil.copy(IMPORT / "broken.bib", broken)
    result = run(runner, "import", broken)
    assert result.exit_code == 1
    assert (
        f"Error: {broken}:7: entry 'broken2021', field 'title': the '{{' that opens its value "
        "is never closed; close it"
    ) in result.output
    assert (collection / "library.bib").read_bytes() == before


def test_unknown_file_type_is_an_error(runner, collection):
    notes = collection / "notes.txt"
    notes.write_text("papers\n")
    result = run(runner, "import", notes)
    assert result.exit_code == 1
    assert f"Error: {notes}:1: cannot import '.txt' files" in result.output
    assert "import reads .bib, .md and .html files" in result.output


def test_missing_file_is_an_error(runner, collection):
    result = run(runner, "import", "nowhere.md")
    assert result.exit_code == 1
    assert "Error: nowhere.md: no such file" in result.output


def test_a_bib_file_with_no_entries_is_an_error(runner, collection):
    before = (collection / "library.bib").read_bytes()
    for name, text in (
        ("empty.bib", ""),
        ("strings.bib", '@string{jml = "J. Mach. Learn."}\n% a comment\n@preamble{"x"}\n'),
    ):
        (collection / name).write_text(text, encoding="utf-8")
        result = run(runner, "import", name)
        assert result.exit_code == 1, result.output
        assert result.output == (
            f"Error: {name}: no BibTeX entries found (only comments, @string or @preamble "
            "blocks, or nothing); nothing imported\n"
        )
    assert (collection / "library.bib").read_bytes() == before


def test_a_folder_is_an_error_that_names_the_file_to_give(runner, collection):
    (collection / "awesome-list").mkdir()
    result = run(runner, "import", "awesome-list")
    assert result.exit_code == 1
    assert result.output == (
        "Error: awesome-list: a folder, not a file; give the list itself (awesome-list/README.md)\n"
    )


def test_unknown_category_option_is_an_error(runner, collection):
    result = run(runner, "import", BIB, "--category", "superpositon")
    assert result.exit_code == 1
    assert "Error: unknown category 'superpositon' (did you mean 'superposition'?)" in result.output


def test_new_top_level_category_goes_before_the_next_facets_comments(runner, collection):
    listing = collection / "list.md"
    listing.write_text("## Brand New Section\n\n- [Some Paper (ICLR 2024)](https://x.org/p)\n")
    before = (collection / "taxonomy.toml").read_text()
    assert run(runner, "import", listing).exit_code == 0
    after = (collection / "taxonomy.toml").read_text()
    assert only_insertions(before, after)
    added = after.index('key = "brand-new-section"')
    assert after.index('key = "tools"') < added < after.index("# --- Techniques")


def test_an_id_already_taken_by_another_paper_is_a_conflict(runner, collection):
    clash = collection / "clash.md"
    clash.write_text(
        "## Superposition\n\n- [A Different Paper](https://arxiv.org/abs/2209.10652)\n"
    )
    result = run(runner, "import", clash)
    assert result.exit_code == 0, result.output
    assert "0 new, 0 merged, 0 skipped, 1 conflict" in result.output
    assert "same arXiv id 2209.10652 as elhage2022toy" in result.output
    different = by_title(runner, "A Different Paper")[0]
    assert different["arxiv"] is None and different["url"] is None
    assert entries(runner)["elhage2022toy"]["categories"] == ["superposition", "ai-safety"]
    check_is_clean(runner)


def test_importing_the_same_list_twice_changes_nothing_the_second_time(runner, collection):
    assert run(runner, "import", REFERENCE).exit_code == 0
    before = (collection / "library.bib").read_bytes()
    again = run(runner, "import", REFERENCE)
    assert again.exit_code == 0, again.output
    assert "0 new, 0 merged, 85 skipped, 0 conflicts" in again.output
    assert (collection / "library.bib").read_bytes() == before


def test_a_heading_repeated_under_other_sections_keeps_its_category_on_import_again(runner, empty):
    (empty / "list.md").write_text(
        "# Papers\n\n## Robotics\n\n"
        "- [Grasping From Pixels With Diffusion](https://arxiv.org/abs/2401.00001), CoRL, 2024\n"
        "\n## Benchmarks\n\n### Robotics\n\n"
        "- [A Benchmark of Robot Grasping](https://arxiv.org/abs/2401.00002), ICRA, 2024\n"
        "\n### General\n\n"
        "- [Measuring Agents at Scale](https://arxiv.org/abs/2401.00003), ICML, 2024\n"
        "\n## Methods\n\n### General\n\n"
        "- [A Method for Planning With Language](https://arxiv.org/abs/2401.00004), ICML, 2024\n",
        encoding="utf-8",
    )
    assert run(runner, "import", "list.md").exit_code == 0
    first = {entry["arxiv"]: entry["categories"] for entry in entries(runner).values()}
    assert first == {
        "2401.00001": ["robotics"],
        "2401.00002": ["benchmarks-robotics"],
        "2401.00003": ["general"],
        "2401.00004": ["methods-general"],
    }
    files = collection_files(empty)
    again = run(runner, "import", "list.md")
    assert again.exit_code == 0, again.output
    assert "0 new, 0 merged, 4 skipped" in again.output
    assert collection_files(empty) == files
    # The real list whose five "General" sections showed it.
    assert run(runner, "import", COOPER).exit_code == 0
    files = collection_files(empty)
    assert " 0 merged, " in run(runner, "import", COOPER).output
    assert collection_files(empty) == files


def test_a_list_imported_after_its_bib_keeps_each_sections_tldr(runner, empty):
    """The .bib brings the papers without TL;DRs; the list gives one per section: the
    first section's becomes the entry's TL;DR, another section's that section's own."""
    assert run(runner, "import", BIB).exit_code == 0
    result = run(runner, "import", REFERENCE)
    assert result.exit_code == 0, result.output
    lens = entries(runner)["belrose2023eliciting"]
    assert lens["categories"] == ["techniques", "applications-of-mi"]
    assert lens["tldr"].startswith("The paper proposed using trained affine probes")
    assert lens["category_tldrs"] == {
        "applications-of-mi": "Insights from circuit studies were used to detect prompt injection."
    }
    files = collection_files(empty)
    assert " 0 merged, " in run(runner, "import", REFERENCE).output
    assert collection_files(empty) == files


def test_a_tldr_is_kept_as_the_list_wrote_it(runner, empty):
    """A TL;DR is shown as plain text (README, page, `show`), never through LaTeX: `&`
    and `%` stay as written, not `\\&`."""
    (empty / "list.md").write_text(
        "# Agents\n\n## Robotics\n\n"
        "- [OpenVLA: An Open-Source Vision-Language-Action Model](https://arxiv.org/abs/2406.09246)"
        ", ArXiv, 2024.6, Stanford & TRI: 50% fewer parameters #1\n",
        encoding="utf-8",
    )
    (empty / "README.md").write_text("# L\n\n<!-- mibib:start -->\n<!-- mibib:end -->\n")
    assert run(runner, "import", "list.md").exit_code == 0
    (entry,) = entries(runner).values()
    assert entry["tldr"] == "Stanford & TRI: 50% fewer parameters #1"
    readme = run(runner, "export", "readme", "--stdout").stdout
    assert "| Stanford & TRI: 50% fewer parameters #1 |" in readme
    check_is_clean(runner)


def test_a_tldr_with_latex_math_braces_and_backslashes_reads_as_written(runner, empty):
    """Math, braces and backslashes in a description stay as written in mibib-tldr and in
    the README (not `(t)` for `{t}`, not `mathcal` for `\\mathcal`); only a brace without
    its pair, which would end the BibTeX value, becomes a parenthesis. The description
    starts as one of a real notes list does (code index id 55444947657); the links are
    placeholders."""
    description = (
        "提出基于自编码器的混合重放策略(AHR)，将内存复杂度从 $\\mathcal{O}(t)$ 降低到 "
        "$\\mathcal{O}(0.1t)$，同时保持 SOTA 性能; 50% less & a_b in C:\\temp"
    )
    (empty / "list.md").write_text(
        "# Notes\n\n## Continual learning\n\n"
        "- [Autoencoder-Based Hybrid Replay for Class-Incremental Learning]"
        f"(https://arxiv.org/abs/2501.00001) - {description}\n"
        "- [A Paper With A Lone Brace](https://arxiv.org/abs/2501.00002) - a set } then { open\n",
        encoding="utf-8",
    )
    assert run(runner, "import", "list.md").exit_code == 0
    tldrs = {entry["title"]: entry["tldr"] for entry in entries(runner).values()}
    assert tldrs == {
        "Autoencoder-Based Hybrid Replay for Class-Incremental Learning": description,
        "A Paper With A Lone Brace": "a set ) then ( open",
    }
    stored = (empty / "library.bib").read_text(encoding="utf-8")
    assert "mibib-tldr = {提出基于自编码器的混合重放策略(AHR)，" in stored
    assert "从 $\\mathcal{O}(t)$ 降低到 $\\mathcal{O}(0.1t)$" in stored
    readme = run(runner, "export", "readme", "--stdout").stdout
    assert "\\$\\\\mathcal{O}(t)\\$" in readme  # GitHub shows $\\mathcal{O}(t)$ as written
    assert "50% less & a\\_b in C:\\\\temp |" in readme
    check_is_clean(runner)


def test_a_list_merged_with_its_bib_matches_both_again(runner, empty):
    """--merge gives the list's arXiv entries the published venue of the .bib's entry
    (ICLR 2025 for a 2024 preprint): each file still finds its papers afterwards."""
    assert run(runner, "import", REFERENCE).exit_code == 0
    merged = run(runner, "import", "--merge", BIB)
    assert merged.exit_code == 0, merged.output
    assert "0 new, 40 merged" in merged.output
    circuits = by_title(runner, "Sparse Feature Circuits")
    assert [(entry["arxiv"], entry["year"]) for entry in circuits] == [("2403.19647", 2024)]
    files = collection_files(empty)
    for path in (BIB, REFERENCE, BIB):
        again = run(runner, "import", "--merge", path)
        assert again.exit_code == 0, again.output
        assert again.output.strip().splitlines()[-1].startswith("0 new, 0 merged, ")
    assert collection_files(empty) == files


def test_merge_never_gives_an_entry_the_id_of_another_paper(runner, empty, monkeypatch):
    """A paper retitled on arXiv: one list links the old title to the id, another names
    the new title with its ACL page, a third the new title with the id. The third is
    the second's paper by its title, but the id is the first's: it is not merged in."""
    monkeypatch.setenv("TTY_COMPATIBLE", "0")  # the report's rows as lines
    old = "[On the Advance of Making Language Models Better Reasoners]"
    new = "[Making Language Models Better Reasoners with Step-Aware Verifier]"
    for name, item in (
        ("first.md", f"{old}(https://arxiv.org/abs/2206.02336), 2022"),
        ("second.md", f"{new}(https://aclanthology.org/2023.acl-long.291), ACL 2023"),
        ("third.md", f"{new}(https://arxiv.org/abs/2206.02336), ACL 2023"),
    ):
        (empty / name).write_text(f"# Reasoning\n\n## Papers\n\n- {item}\n", encoding="utf-8")
        result = run(runner, "import", "--merge", name)
        assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "\tskipped\tmaking2023language\tMaking Language Models Better Reasoners with Step-Aware "
        "Verifier\talready in the library as making2023language; same arXiv id 2206.02336 as "
        "advance2022making 'On the Advance of Making Language Models Better R…' but a different "
        "title: the id is not taken along\n"
    )
    found = {entry["title"][:9]: entry for entry in entries(runner).values()}
    assert (found["On the Ad"]["arxiv"], found["Making La"]["arxiv"]) == ("2206.02336", None)
    assert found["Making La"]["url"] == "https://aclanthology.org/2023.acl-long.291"
    check_is_clean(runner)


def test_a_title_shows_as_the_list_shows_it_and_round_trips(runner, empty):
    """Braces, backslashes, `^`, `--` and LaTeX's specials are stored escaped in BibTeX,
    so the title reads as the list shows it, and the exported README reads back the same."""
    titles = [
        "A {braced} title with \\backslash and ^caret -- ok",
        "Unbalanced } brace, $\\alpha$, 50% & more_x ~ code",  # `code` shows without ticks
    ]
    (empty / "list.md").write_text(
        "# List\n\n## Sec\n\n"
        "- [A {braced} title with \\\\backslash and ^caret -- ok]"
        "(https://arxiv.org/abs/2101.00011), ICML 2021\n"
        "- [Unbalanced } brace, $\\alpha$, 50% & more_x ~ `code`]"
        "(https://arxiv.org/abs/2101.00012), ICML 2021\n",
        encoding="utf-8",
    )
    assert run(runner, "import", "list.md").exit_code == 0
    assert sorted(entry["title"] for entry in entries(runner).values()) == sorted(titles)
    bib = (empty / "library.bib").read_text()
    stored = "A \\{braced\\} title with \\textbackslash{}backslash and \\^{}caret -{}- ok"
    assert f"title = {{{stored}}}" in bib
    readme = run(runner, "export", "readme", "--stdout").stdout
    (empty / "again.md").write_text(readme, encoding="utf-8")
    again = run(runner, "import", "again.md")
    assert again.exit_code == 0 and "0 new, 0 merged, 2 skipped" in again.output, again.output
    assert sorted(entry["title"] for entry in entries(runner).values()) == sorted(titles)
    check_is_clean(runner)


def test_authors_column_gives_authors_and_surname_keys(runner, collection):
    listing = collection / "authors.md"
    listing.write_text(
        "## Circuits\n\n| Title | Authors | Year |\n| --- | --- | --- |\n"
        "| [Some Circuit Paper](https://example.org/c) | Ada Lovelace, Alan Turing | 2023 |\n"
    )
    result = run(runner, "import", listing)
    assert result.exit_code == 0, result.output
    entry = entries(runner)["lovelace2023circuit"]
    assert entry["authors"] == ["Ada Lovelace", "Alan Turing"] and entry["year"] == 2023
    assert entry["categories"] == ["circuits"] and entry["type"] == "misc"


def test_an_html_page_of_papers_is_read(runner, empty):
    page = empty / "papers.html"
    page.write_text(
        "<html><body><h1>My papers</h1><h2>Circuits</h2><ul>\n"
        "<li><b>Attention Is All You Need</b>. Ashish Vaswani, Noam Shazeer. NeurIPS 2017. "
        '<a href="https://arxiv.org/abs/1706.03762">[pdf]</a></li>\n</ul></body></html>\n'
    )
    result = run(runner, "import", page)
    assert result.exit_code == 0, result.output
    attention = entries(runner)["vaswani2017attention"]
    assert attention["authors"] == ["Ashish Vaswani", "Noam Shazeer"]
    assert (attention["venue"], attention["arxiv"]) == ("NeurIPS", "1706.03762")
    assert attention["categories"] == ["circuits"]
