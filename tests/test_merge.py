"""The library.bib merge: pure three-way merges by key, and the driver under a real `git merge`."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mibib.errors import LibraryFormatError
from mibib.features.merge import merge_libraries
from mibib.library import parse_library

DATA = Path(__file__).parent / "data"
BASE = (DATA / "library.bib").read_text(encoding="utf-8")


def entry(key: str, title: str = "A Paper", year: str = "2024") -> str:
    return f"@misc{{{key},\n  title = {{{title}}},\n  year = {{{year}}}\n}}"


def with_entry(text: str, key: str, title: str = "A Paper") -> str:
    """Insert an entry at its sorted place, as `mibib add` does."""
    library = parse_library(text)
    following = sorted(start for k, (start, _) in library.spans.items() if k.lower() > key.lower())
    if not following:
        return text.rstrip("\n") + "\n\n" + entry(key, title) + "\n"
    position = following[0]
    return text[:position] + entry(key, title) + "\n\n" + text[position:]


def without_entry(text: str, key: str) -> str:
    start, end = parse_library(text).spans[key]
    return text[:start] + text[end:].removeprefix("\n\n")


def entry_text(text: str, key: str) -> str:
    start, end = parse_library(text).spans[key]
    return text[start:end]


def keys(text: str) -> list[str]:
    return [paper.key for paper in parse_library(text).papers]


def test_additions_from_both_sides_merge_in_key_order():
    ours = with_entry(BASE, "aaa2020first")
    theirs = with_entry(with_entry(BASE, "zzz2025last"), "hhh2023middle")
    result = merge_libraries(BASE, ours, theirs)
    assert result.conflicts == []
    merged = keys(result.text)
    assert merged == sorted(merged, key=str.lower)
    assert {"aaa2020first", "hhh2023middle", "zzz2025last"} <= set(merged)
    assert len(merged) == len(keys(BASE)) + 3
    assert result.text.startswith("@string{anthropic") and result.text.endswith("}\n")
    assert "}\n\n@" in result.text and "}\n\n\n" not in result.text


def test_additions_next_to_each_other_keep_both_in_order():
    ours = with_entry(BASE, "geva2021zz")
    theirs = with_entry(BASE, "geva2021aa")
    result = merge_libraries(BASE, ours, theirs)
    merged = keys(result.text)
    assert merged.index("geva2021transformer") < merged.index("geva2021zz")
    assert merged.index("geva2021aa") < merged.index("geva2021transformer")


def test_deletions_are_honoured_and_one_sided_edits_keep_their_bytes():
    edited = entry_text(BASE, "olsson2022context").replace("year = {2022}", "year   =  {2022} ")
    theirs = BASE.replace(entry_text(BASE, "olsson2022context"), edited)
    theirs = without_entry(theirs, "elhage2022toy")
    ours = with_entry(BASE, "new2024paper")
    result = merge_libraries(BASE, ours, theirs)
    assert result.conflicts == []
    assert "elhage2022toy" not in keys(result.text)
    assert entry_text(result.text, "olsson2022context") == edited
    assert "new2024paper" in keys(result.text)


def test_an_unchanged_side_gives_the_other_side_byte_for_byte():
    ours = with_entry(BASE, "new2024paper").replace("\n", "\r\n")
    assert merge_libraries(BASE, ours, BASE).text == ours
    assert merge_libraries(BASE, BASE, ours).text == ours


def test_the_same_entry_edited_differently_is_marked_and_the_rest_merged():
    original = entry_text(BASE, "geva2021transformer")
    mine = original.replace('year = "2021"', 'year = "2022"')
    other = original.replace('booktitle = "EMNLP"', 'booktitle = "EMNLP 2021"')
    ours = with_entry(BASE.replace(original, mine), "aaa2020first")
    theirs = with_entry(BASE.replace(original, other), "zzz2025last")
    result = merge_libraries(BASE, ours, theirs)
    assert result.conflicts == ["entry 'geva2021transformer': changed differently on both sides"]
    assert f"<<<<<<< ours\n{mine}\n=======\n{other}\n>>>>>>> theirs\n" in result.text
    resolved = result.text.replace(f"<<<<<<< ours\n{mine}\n=======\n{other}\n>>>>>>> theirs", mine)
    assert {"aaa2020first", "zzz2025last", "geva2021transformer"} <= set(keys(resolved))


def test_an_entry_deleted_on_one_side_and_edited_on_the_other_is_a_conflict():
    original = entry_text(BASE, "geva2021transformer")
    other = original.replace('"EMNLP"', '"EMNLP 2021"')
    result = merge_libraries(
        BASE, without_entry(BASE, "geva2021transformer"), BASE.replace(original, other)
    )
    assert result.conflicts == [
        "entry 'geva2021transformer': changed on one side and deleted on the other"
    ]
    assert f"<<<<<<< ours\n=======\n{other}\n>>>>>>> theirs" in result.text


def test_string_and_comment_blocks_merge_by_name_and_text():
    ours = BASE.replace("@comment{", '@string{neurips = "NeurIPS"}\n\n@comment{')
    theirs = BASE + "\n@comment{Added by the other branch.}\n"
    theirs = theirs.replace('"Transformer Circuits Thread"', '"Transformer Circuits"')
    result = merge_libraries(BASE, with_entry(ours, "aaa2020first"), theirs)
    assert result.conflicts == []
    assert result.text.startswith('@string{anthropic = "Transformer Circuits"}')
    assert '@string{neurips = "NeurIPS"}' in result.text
    assert result.text.endswith("@comment{Added by the other branch.}\n")
    both = merge_libraries(BASE, BASE.replace("Thread", "T."), theirs)
    assert both.conflicts == ["@string 'anthropic': changed differently on both sides"]


def test_a_version_that_does_not_parse_is_refused():
    with pytest.raises(LibraryFormatError, match="ours"):
        merge_libraries(BASE, BASE + "\n@misc{broken,\n title = {x\n", with_entry(BASE, "a"))


NEW_KEYS = [f"new{index}2024" for index in range(6)]
OLD_KEYS = keys(BASE)


@settings(max_examples=60, deadline=None)
@given(
    ours_add=st.sets(st.sampled_from(NEW_KEYS[:3])),
    theirs_add=st.sets(st.sampled_from(NEW_KEYS[3:])),
    ours_drop=st.sets(st.sampled_from(OLD_KEYS)),
    theirs_drop=st.sets(st.sampled_from(OLD_KEYS)),
)
def test_disjoint_additions_and_any_deletions_never_conflict(
    ours_add, theirs_add, ours_drop, theirs_drop
):
    def side(added, dropped):
        text = BASE
        for key in sorted(added):
            text = with_entry(text, key)
        for key in dropped:
            text = without_entry(text, key)
        return text

    result = merge_libraries(BASE, side(ours_add, ours_drop), side(theirs_add, theirs_drop))
    assert result.conflicts == []
    expected = (set(OLD_KEYS) - ours_drop - theirs_drop) | ours_add | theirs_add
    assert sorted(keys(result.text)) == sorted(expected)


# --- the driver under a real git ------------------------------------------------------------


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=check, env=GIT_ENV
    )


GIT_ENV = {
    **os.environ,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
}


@pytest.fixture
def needs_git() -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")


@pytest.fixture
def repo(tmp_path: Path, needs_git) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.name", "Test Maintainer")
    git(tmp_path, "config", "user.email", "maintainer@example.org")
    driver = f'"{sys.executable}" -m mibib merge-driver %O %A %B'
    git(tmp_path, "config", "merge.mibib.driver", driver)
    git(tmp_path, "config", "merge.mibib.name", "mibib library.bib merge")
    (tmp_path / ".gitattributes").write_text("library.bib merge=mibib\n", encoding="utf-8")
    (tmp_path / "library.bib").write_text(BASE, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def commit_on(repo: Path, branch: str, text: str, start: str = "main") -> None:
    git(repo, "checkout", "-q", "-b", branch, start)
    (repo / "library.bib").write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", f"change on {branch}")


def test_git_merges_two_branches_that_add_papers_next_to_each_other(repo):
    commit_on(repo, "left", with_entry(BASE, "geva2021aa", "Left Paper"))
    commit_on(repo, "right", with_entry(BASE, "geva2021ab", "Right Paper"))
    done = git(repo, "merge", "--no-edit", "left", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    merged = (repo / "library.bib").read_text(encoding="utf-8")
    assert "<<<<<<<" not in merged
    assert keys(merged)[:2] == ["bricken2023towards", "cunningham2024sparse"]
    assert {"geva2021aa", "geva2021ab"} <= set(keys(merged))


def test_git_leaves_a_real_conflict_marked_and_the_rest_merged(repo):
    original = entry_text(BASE, "elhage2022toy")
    commit_on(
        repo, "left", with_entry(BASE.replace(original, original.replace("Toy", "Tiny")), "a")
    )
    commit_on(
        repo, "right", with_entry(BASE.replace(original, original.replace("Toy", "Toe")), "z")
    )
    done = git(repo, "merge", "--no-edit", "left", check=False)
    assert done.returncode != 0
    assert "CONFLICT" in done.stdout
    assert "entry 'elhage2022toy': changed differently on both sides" in done.stderr
    merged = (repo / "library.bib").read_text(encoding="utf-8")
    assert merged.count("<<<<<<< ours") == 1 and "Tiny Models" in merged and "Toe Models" in merged
    assert "@misc{a," in merged and "@misc{z," in merged
    assert "library.bib" in git(repo, "diff", "--name-only", "--diff-filter=U").stdout


def test_driver_falls_back_to_a_line_merge_when_a_side_does_not_parse(needs_git, runner, tmp_path):
    from mibib.cli import app

    base, ours, theirs = (tmp_path / name for name in ("o.bib", "a.bib", "b.bib"))
    base.write_text(BASE, encoding="utf-8")
    ours.write_text(BASE + "\n@misc{broken,\n", encoding="utf-8")
    theirs.write_text(with_entry(BASE, "aaa2020first"), encoding="utf-8")
    result = runner.invoke(app, ["merge-driver", str(base), str(ours), str(theirs)])
    assert result.exit_code == 0, result.output
    assert "merging line by line instead" in result.output
    text = ours.read_text(encoding="utf-8")
    assert "@misc{aaa2020first," in text and "@misc{broken," in text


def test_driver_reports_a_missing_file(runner, tmp_path):
    from mibib.cli import app

    result = runner.invoke(app, ["merge-driver", str(tmp_path / "o"), "a", "b"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'o'}: cannot read")
    assert "nothing was merged: a still holds only our version" in result.output


def test_driver_never_writes_a_merge_that_does_not_parse(needs_git, runner, tmp_path, monkeypatch):
    from mibib.cli import app
    from mibib.features import merge

    monkeypatch.setattr(merge, "merge_libraries", lambda *texts: merge.MergeResult("@misc{x,\n"))
    base, ours, theirs = (tmp_path / name for name in ("o.bib", "a.bib", "b.bib"))
    base.write_text(BASE, encoding="utf-8")
    ours.write_text(with_entry(BASE, "aaa2020first"), encoding="utf-8")
    theirs.write_text(with_entry(BASE, "zzz2025last"), encoding="utf-8")
    result = runner.invoke(app, ["merge-driver", str(base), str(ours), str(theirs)])
    assert "cannot merge entry by entry (the merged library.bib:" in result.output
    assert result.exit_code == 0, result.output
    assert {"aaa2020first", "zzz2025last"} <= set(keys(ours.read_text(encoding="utf-8")))
