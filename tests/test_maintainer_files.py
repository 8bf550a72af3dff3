"""The files list maintainers copy: pre-commit hooks and the GitHub workflow name real commands."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml

from mibib.cli import app

ROOT = Path(__file__).resolve().parents[1]


def command_exists(words: list[str]) -> bool:
    """`mibib SUB … --option`: every subcommand and option is one the CLI defines."""
    assert words[0] == "mibib"
    command = typer.main.get_command(app)
    rest = words[1:]
    while rest and hasattr(command, "commands") and rest[0] in command.commands:
        command, rest = command.commands[rest[0]], rest[1:]
    if hasattr(command, "commands"):
        return False
    options = {opt for param in command.params for opt in param.opts}
    return all(word in options for word in rest if word.startswith("-"))


def load_hooks() -> dict[str, dict]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for hook in hooks}


def test_pre_commit_hooks_run_check_and_the_readme_check():
    hooks = load_hooks()
    assert hooks["mibib-check"]["entry"] == "mibib check"
    assert hooks["mibib-readme"]["entry"] == "mibib export readme --check"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert command_exists(shlex.split(hook["entry"])), hook["entry"]


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        pytest.param("library.bib", True, id="library"),
        pytest.param("taxonomy.toml", True, id="taxonomy"),
        pytest.param("README.md", True, id="readme"),
        pytest.param("lists/library.bib", True, id="in-a-folder"),
        pytest.param("docs/notes.md", False, id="other-file"),
        pytest.param("old-library.bib", False, id="other-bib"),
    ],
)
def test_hooks_run_only_when_the_collection_files_change(path, matches):
    for hook in load_hooks().values():
        assert bool(re.search(hook["files"], path)) is matches


def load_workflow() -> dict:
    return yaml.safe_load((ROOT / "docs" / "github-workflow.yml").read_text(encoding="utf-8"))


def job_runs(job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_github_workflow_runs_both_checks_on_pull_requests():
    workflow = load_workflow()
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    runs = job_runs(workflow["jobs"]["check"])
    commands = [run for run in runs if run.startswith("mibib ")]
    assert commands == ["mibib check", "mibib export readme --check"]
    assert all(command_exists(shlex.split(command)) for command in commands)
    assert any("pip install" in run for run in runs)


def test_github_workflow_publishes_the_page_from_main_after_the_checks():
    workflow = load_workflow()
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    pages = workflow["jobs"]["pages"]
    assert pages["needs"] == "check" and "pull_request" in pages["if"]
    assert pages["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    commands = [run for run in job_runs(pages) if run.startswith("mibib ")]
    assert commands == ["mibib export html -o site/index.html"]
    assert command_exists(shlex.split(commands[0]))
    uses = [step["uses"].split("@")[0] for step in pages["steps"] if "uses" in step]
    assert uses[-3:] == [
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    upload = pages["steps"][-2]
    assert upload["with"]["path"] == "site"


def test_the_check_hook_passes_on_a_clean_collection(collection):
    done = subprocess.run(
        [sys.executable, "-m", "mibib", *shlex.split(load_hooks()["mibib-check"]["entry"])[1:]],
        cwd=collection,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout


def test_command_exists_rejects_unknown_commands_and_options():
    assert command_exists(["mibib", "check", "--strict"])
    assert not command_exists(["mibib", "check", "--nope"])
    assert not command_exists(["mibib", "frobnicate"])


def test_this_collections_own_hooks_match_the_published_ones():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    for hook_id, published in load_hooks().items():
        for name in ("entry", "pass_filenames", "files"):
            assert local[hook_id][name] == published[name], (hook_id, name)


def test_contributing_shows_the_one_command_and_the_checks():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    add = "mibib add ARXIV_ID --category CATEGORY --technique TECHNIQUE --evaluation EVALUATION"
    assert f"$ {add} --tldr" in text
    assert "$ mibib check" in text and "$ mibib export readme" in text
    for line in text.splitlines():
        if line.startswith("$ mibib "):
            words = [w for w in shlex.split(line[2:]) if not w.isupper() or w.startswith("-")]
            assert command_exists(words), line


@pytest.mark.parametrize("hook_id", ["mibib-check", "mibib-readme"])
def test_the_shipped_collection_passes_its_own_hooks(hook_id):
    """What the hooks and the workflow run for other lists, this repository's CI runs here."""
    if not (ROOT / "library.bib").is_file():
        pytest.skip("this checkout ships no library.bib yet")
    words = shlex.split(load_hooks()[hook_id]["entry"])
    done = subprocess.run(
        [sys.executable, "-m", "mibib", *words[1:]], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_this_repository_merges_its_library_with_the_driver():
    lines = (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "library.bib merge=mibib" in lines
    setup = 'git config merge.mibib.driver "$(command -v mibib) merge-driver %O %A %B"'
    assert f"$ {setup}" in (ROOT / "docs" / "maintaining.md").read_text(encoding="utf-8")
    assert f"#   {setup}" in lines  # an absolute path: git's shell may not see the venv
    assert command_exists(["mibib", "merge-driver"])


def test_the_documented_pre_commit_rev_is_a_commit_to_fill_in_not_a_missing_tag():
    """mibib has no release tags: a `rev: v0.1.0` in the docs would name nothing."""
    page = (ROOT / "docs" / "maintaining.md").read_text(encoding="utf-8")
    block = page[page.index("```yaml\nrepos:") + len("```yaml\n") :]
    config = yaml.safe_load(block[: block.index("```")])
    rev = config["repos"][0]["rev"]
    assert rev == "COMMIT", rev
    assert "git ls-remote https://github.com/OWNER/mibib HEAD" in page
    hooks_comment = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "`rev:` at a commit" in hooks_comment
