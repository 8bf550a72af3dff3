"""`mibib add` through the CLI, against a local server replaying recorded answers."""

import json
import re
from pathlib import Path

import pytest

import mibib.cli.add as add_module
from mibib.storage import load_library

DATA = Path(__file__).parent / "data"


def only_insertions(before: str, after: str) -> list[str]:
    """The entries `after` adds to `before`, asserting every other byte is unchanged."""
    old_keys = set(re.findall(r"^@\w+\{([^,]+),", before, flags=re.MULTILINE))
    blocks = re.finditer(r"^@\w+\{([^,]+),.*?\n\}\n\n?", after, re.MULTILINE | re.DOTALL)
    inserted = [
        # An entry appended at the end is preceded by its blank line instead.
        after[match.start() - 1 : match.end()] if match.end() == len(after) else match.group()
        for match in blocks
        if match.group(1) not in old_keys
    ]
    remaining = after
    for block in inserted:
        remaining = remaining.replace(block, "", 1)
    assert remaining == before
    return inserted


def test_add_arxiv_id_writes_a_clean_tagged_entry(invoke, collection, sources):
    before = (collection / "library.bib").read_text()
    result = invoke(
        "add", "1404.1899", "--category", "techniques", "--technique", "logit-lens",
        "--tldr", "Loop I leaves a  mark on the CMB.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Added liu2014fingerprints to library.bib (line 76)" in result.output
    assert "Fingerprints of Galactic Loop I" in result.output
    after = (collection / "library.bib").read_text()
    assert only_insertions(before, after) == [
        "@article{liu2014fingerprints,\n"
        "  title = {Fingerprints of Galactic Loop I on the Cosmic Microwave Background},\n"
        "  author = {Liu, Hao and Mertsch, Philipp and Sarkar, Subir},\n"
        "  journal = {Astrophys. J. 789 (2014) L29},\n"
        "  year = {2014},\n"
        "  doi = {10.1088/2041-8205/789/2/L29},\n"
        "  eprint = {1404.1899},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {astro-ph.CO},\n"
        "  url = {https://arxiv.org/abs/1404.1899},\n"
        "  abstract = {Abstract Text.},\n"
        "  mibib-categories = {techniques},\n"
        "  mibib-techniques = {logit-lens},\n"
        "  mibib-tldr = {Loop I leaves a mark on the CMB.}\n"
        "}\n\n"
    ]
    paper = load_library(collection / "library.bib").get("liu2014fingerprints")
    assert (paper.categories, paper.tags["technique"]) == (["techniques"], ["logit-lens"])
    (request,) = sources.arxiv_requests()
    assert "id_list=1404.1899&" in request["query"]
    assert request["User-Agent"].startswith("mibib/0.1.0 (+")


@pytest.mark.parametrize(
    ("pasted", "requested"),
    [
        pytest.param("1404.1899", "1404.1899", id="bare"),
        pytest.param("1404.1899v2", "1404.1899v2", id="version"),
        pytest.param("arXiv:1404.1899", "1404.1899", id="prefix"),
        pytest.param("https://arxiv.org/abs/1404.1899v2", "1404.1899v2", id="abs-url"),
        pytest.param("https://arxiv.org/pdf/1404.1899v2.pdf", "1404.1899v2", id="pdf-url"),
        pytest.param("10.48550/arXiv.1404.1899", "1404.1899", id="arxiv-doi"),
    ],
)
def test_add_accepts_what_users_paste(invoke, sources, pasted, requested):
    result = invoke("add", pasted, "-c", "techniques", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert (entry["key"], entry["arxiv"]) == ("liu2014fingerprints", "1404.1899")
    (request,) = sources.arxiv_requests()
    assert f"id_list={requested}&" in request["query"]


def test_add_several_ids_in_one_request(invoke, collection, sources):
    before = (collection / "library.bib").read_text()
    result = invoke("add", "1605.08386", "astro-ph/0601001", "hep-ex/0307015", "-c", "circuits")
    assert result.exit_code == 0, result.output
    (request,) = sources.arxiv_requests()
    assert "id_list=1605.08386,astro-ph/0601001,hep-ex/0307015&max_results=3" in request["query"]
    after = (collection / "library.bib").read_text()
    inserted = only_insertions(before, after)
    keys = [block.split("{")[1].split(",")[0] for block in inserted]
    assert sorted(keys) == ["gould2006frequency", "h1collaboration2003multi", "stanley2016heat"]
    library = load_library(collection / "library.bib")
    assert library.get("h1collaboration2003multi").fields["author"] == "{H1 Collaboration}"
    assert library.get("gould2006frequency").entry_type == "article"
    assert library.get("stanley2016heat").entry_type == "misc"
    assert [p.key for p in library.papers] == sorted(p.key for p in library.papers)


def test_add_json_prints_the_entry_like_list_json(invoke, collection, sources):
    result = invoke("add", "1605.08386", "-c", "circuits", "-t", "probing", "--json")
    assert result.exit_code == 0, result.output
    listed = invoke("list", "--json", "--category", "circuits")
    (added,) = [e for e in json.loads(listed.output) if e["key"] == "stanley2016heat"]
    assert json.loads(result.output) == [added]
    assert added["authors"] == ["Caprice Stanley", "Tobias Windisch"]


def test_dry_run_writes_nothing_and_shows_the_bibtex(invoke, collection, sources):
    before = (collection / "library.bib").read_bytes()
    result = invoke("add", "1605.08386", "-c", "circuits", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "@misc{stanley2016heat,\n  title = {Heat-bath random walks" in result.output
    assert "Dry run: nothing written to library.bib" in result.output
    assert (collection / "library.bib").read_bytes() == before


def test_same_id_is_fetched_once(invoke, sources):
    assert invoke("add", "1605.08386", "-c", "circuits", "--dry-run").exit_code == 0
    assert invoke("add", "1605.08386", "-c", "circuits", "--dry-run").exit_code == 0
    assert len(sources.arxiv_requests()) == 1


def test_cache_can_be_turned_off(invoke, sources, monkeypatch):
    monkeypatch.setenv("MIBIB_NO_CACHE", "1")
    assert invoke("add", "1605.08386", "-c", "circuits", "--dry-run").exit_code == 0
    assert invoke("add", "1605.08386", "-c", "circuits", "--dry-run").exit_code == 0
    assert len(sources.arxiv_requests()) == 2


def test_requests_are_spaced_by_the_interval(invoke, sources, monkeypatch, tmp_path):
    monkeypatch.setenv("MIBIB_ARXIV_INTERVAL", "0.3")
    assert invoke("add", "1605.08386", "-c", "circuits", "--dry-run").exit_code == 0
    assert invoke("add", "1404.1899", "-c", "circuits", "--dry-run").exit_code == 0
    first, second = sources.arxiv_requests()
    assert second["time"] - first["time"] >= 0.29
    import os

    assert (Path(os.environ["MIBIB_CACHE_DIR"]) / "http" / "arxiv.last").is_file()


def test_fetch_happens_before_the_lock(invoke, sources, monkeypatch):
    import mibib.storage.files

    events = []
    real_locked = mibib.storage.files.locked

    def spying_locked(path, *args, **kwargs):
        events.append(("lock", len(sources.requests)))
        return real_locked(path, *args, **kwargs)

    monkeypatch.setattr(mibib.storage.files, "locked", spying_locked)
    assert invoke("add", "1605.08386", "-c", "circuits").exit_code == 0
    assert events == [("lock", 1)]


def test_add_doi_by_content_negotiation(invoke, collection, sources):
    before = (collection / "library.bib").read_text()
    result = invoke("add", "https://doi.org/10.1126/science.169.3946.635", "-c", "circuits")
    assert result.exit_code == 0, result.output
    redirect, answer = sources.requests
    assert redirect["path"] == "/doi/10.1126/science.169.3946.635"
    assert answer["path"].startswith("/transform/")
    assert answer["Accept"] == "application/x-bibtex"
    assert only_insertions(before, (collection / "library.bib").read_text()) == [
        "@article{frank1970structure,\n"
        "  title = {The Structure of Ordinary Water: New data and interpretations are yielding"
        " new insights into this fascinating substance.},\n"
        "  author = {Frank, Henry S.},\n"
        "  journal = {Science},\n"
        "  year = {1970},\n"
        "  month = Aug,\n"
        "  volume = {169},\n"
        "  number = {3946},\n"
        "  pages = {635--641},\n"
        "  publisher = {American Association for the Advancement of Science (AAAS)},\n"
        "  doi = {10.1126/science.169.3946.635},\n"
        "  url = {https://doi.org/10.1126/science.169.3946.635},\n"
        "  mibib-categories = {circuits}\n"
        "}\n\n"
    ]


def test_add_from_bibtex_file(invoke, collection, tmp_path):
    bib = tmp_path / "post.bib"
    bib.write_text(
        "@misc{whatever,\n  title = {A Mathematical Framework for Transformer Circuits},\n"
        "  author = {Elhage, Nelson and Nanda, Neel},\n  year = 2021,\n"
        "  howpublished = {Transformer Circuits Thread},\n  timestamp = {2024-01-01},\n"
        "  url = {https://transformer-circuits.pub/2021/framework/index.html}\n}\n"
    )
    result = invoke("add", "--bibtex", str(bib), "-c", "circuits", "-t", "visualization")
    assert result.exit_code == 0, result.output
    paper = load_library(collection / "library.bib").get("whatever")  # the user's own key
    assert paper.fields["howpublished"] == "Transformer Circuits Thread"
    assert paper.fields["timestamp"] == "2024-01-01"  # every field kept
    assert "  year = 2021,\n" in (collection / "library.bib").read_text()
    assert (paper.categories, paper.tags["technique"]) == (["circuits"], ["visualization"])


def test_add_from_bibtex_on_stdin_keeps_its_tags(invoke, collection):
    text = (
        "@misc{x, title = {Interpreting GPT: the Logit Lens}, author = {nostalgebraist},"
        " year = {2020}, url = {https://www.lesswrong.com/posts/AcKRB8wDpdaN6v6ru},"
        " mibib-categories = {Techniques}}"
    )
    result = invoke("add", "--bibtex", "-", "-t", "logit lens", input=text)
    assert result.exit_code == 0, result.output
    paper = load_library(collection / "library.bib").get("x")
    assert (paper.categories, paper.tags["technique"]) == (["techniques"], ["logit-lens"])


def test_add_typed_by_hand(invoke, collection):
    result = invoke(
        "add", "--title", "Interpreting GPT: the logit lens", "--author", "nostalgebraist",
        "--year", "2020", "--url", "https://www.lesswrong.com/posts/AcKRB8wDpdaN6v6ru",
        "--venue", "LessWrong", "-c", "techniques", "--key", "nostalgebraist2020logitlens",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    paper = load_library(collection / "library.bib").get("nostalgebraist2020logitlens")
    assert paper.entry_type == "misc"
    assert paper.fields["howpublished"] == "LessWrong"
    assert paper.venue == "LessWrong"


def test_author_option_takes_names_joined_with_and(invoke, collection):
    result = invoke(
        "add", "--title", "Progress measures for grokking via mechanistic interpretability",
        "--author", "Neel Nanda and Lawrence Chan", "--author", "Tom Lieberum",
        "--year", "2023", "-c", "phase-changes",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    paper = load_library(collection / "library.bib").get("nanda2023progress")
    assert paper.fields["author"] == "Nanda, Neel and Chan, Lawrence and Lieberum, Tom"
    assert paper.authors == ["Neel Nanda", "Lawrence Chan", "Tom Lieberum"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(("--year", "23"), "Invalid value for '--year': '23' is not a four-digit",
                     id="year"),
        pytest.param(("--year", "2023", "--url", "ftp://x"), "'--url': 'ftp://x' is not an http",
                     id="url"),
        pytest.param(("--year", "2023", "--type", "mis c"), "not a BibTeX entry type",
                     id="type"),
    ],
)  # fmt: skip
def test_malformed_typed_fields_are_usage_errors(invoke, collection, args, message):
    result = invoke("add", "--title", "T", "--author", "A B", *args, "-c", "circuits")
    assert result.exit_code == 2, result.output
    assert "add [OPTIONS]" in result.output.splitlines()[0]
    assert message in result.output


def test_add_by_semantic_scholar_url(invoke, collection, sources):
    url = (
        "https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/"
        "204e3073870fae3d05bcbc2f6a8e263d9b72e776"
    )
    result = invoke("add", url, "-c", "transformer-components", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "@inproceedings{vaswani2017attention,\n" in result.output
    assert "  booktitle = {Neural Information Processing Systems},\n" in result.output
    assert "  eprint = {1706.03762},\n" in result.output
    assert "  author = {Vaswani, Ashish and Shazeer, Noam M. and Parmar, Niki" in result.output
    [request] = [r for r in sources.requests if r["path"].startswith("/graph/v1/paper/")]
    assert request["path"] == "/graph/v1/paper/204e3073870fae3d05bcbc2f6a8e263d9b72e776"


def test_unknown_semantic_scholar_paper_is_not_found(invoke, collection, sources):
    result = invoke("add", "CorpusId:1", "-c", "circuits")
    assert result.exit_code == 1
    assert "Error: CorpusId:1 not found on Semantic Scholar" in result.output


def test_taken_key_gets_a_suffix(invoke, collection):
    result = invoke(
        "add", "--title", "Toy models, revisited", "--author", "Nelson Elhage",
        "--year", "2022", "-c", "superposition", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["key"] == "elhage2022toya"


def test_gpt_and_mamba_titles_are_not_duplicates(invoke, collection):
    first = invoke(
        "add", "--title", "Locating and Editing Factual Associations in GPT",
        "--author", "Kevin Meng", "--year", "2022", "-c", "knowledge-editing",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    second = invoke(
        "add", "--title", "Locating and Editing Factual Associations in Mamba",
        "--author", "Arnab Sen Sharma", "--year", "2024", "-c", "knowledge-editing",
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    keys = load_library(collection / "library.bib").keys()
    assert {"meng2022locating", "sharma2024locating"} <= keys


def test_suggested_categories_accepted_with_yes(invoke, collection, sources):
    taxonomy = collection / "taxonomy.toml"
    taxonomy.write_text(
        taxonomy.read_text().replace(
            'keywords = ["circuit", "circuits"]',
            'keywords = ["circuit", "circuits", "random walks"]',
        )
    )
    result = invoke("add", "1605.08386", "--yes", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["categories"] == ["circuits"]


def test_categories_asked_on_a_terminal(invoke, collection, sources, monkeypatch):
    monkeypatch.setattr(add_module, "is_interactive", lambda: True)
    result = invoke("add", "1605.08386", "--dry-run", input="superposition, circuits\n")
    assert result.exit_code == 0, result.output
    assert "Categories (comma-separated keys)" in result.output
    assert "Superposition (superposition)" in result.output
    assert "Findings on Circuits (circuits)" in result.output


def test_the_prompt_lists_the_categories_and_asks_again_after_a_typo(
    invoke, collection, sources, monkeypatch
):
    monkeypatch.setattr(add_module, "is_interactive", lambda: True)
    result = invoke("add", "1605.08386", "--json", input="superpositon\n\nsuperposition\n")
    assert result.exit_code == 0, result.output
    assert "Categories to choose from:\n  techniques  (Techniques)\n" in result.stderr
    assert "\n      superposition  (Superposition)\n" in result.stderr  # under features
    assert (
        "unknown category 'superpositon' (did you mean 'superposition'?); try again"
        in result.stderr
    )
    assert result.stderr.count("Categories (comma-separated keys)") == 3
    added = result.stdout[result.stdout.index("[\n") :]  # the test runner echoes the answers
    assert json.loads(added)[0]["categories"] == ["superposition"]


def test_terminal_prompt_defaults_to_the_suggestions(invoke, collection, sources, monkeypatch):
    taxonomy = collection / "taxonomy.toml"
    taxonomy.write_text(
        taxonomy.read_text().replace(
            'keywords = ["circuit", "circuits"]', 'keywords = ["circuit", "random walks"]'
        )
    )
    monkeypatch.setattr(add_module, "is_interactive", lambda: True)
    result = invoke("add", "1605.08386", "--json", input="\n")
    assert result.exit_code == 0, result.output
    assert "Suggested categories: circuits" in result.output
    assert '"categories": [\n      "circuits"\n    ]' in result.output


@pytest.mark.parametrize(
    "pasted", ["hep-th/9901001", "cond-mat/0102536v1", "https://arxiv.org/abs/math.GT/0309136"]
)
def test_old_style_ids_reach_the_api_as_given(invoke, sources, pasted):
    result = invoke("add", pasted, "-c", "circuits")
    assert result.exit_code == 1
    wanted = pasted.rsplit("abs/", 1)[-1]
    assert f"Error: {wanted} not found on arXiv" in result.output
    (request,) = sources.arxiv_requests()
    assert f"id_list={wanted}&" in request["query"]


def test_separate_processes_share_the_interval(collection, sources, monkeypatch):
    import os
    import subprocess
    import sys

    monkeypatch.setenv("MIBIB_ARXIV_INTERVAL", "0.5")
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "mibib", "add", arxiv_id, "-c", "circuits", "--dry-run"],
            cwd=collection,
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for arxiv_id in ("1605.08386", "1404.1899")
    ]
    for process in processes:
        out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert "Dry run: nothing written to library.bib" in out
    first, second = sorted(request["time"] for request in sources.arxiv_requests())
    assert second - first >= 0.45
