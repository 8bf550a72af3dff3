"""Shell completion: the callbacks directly, and one completion through the shell protocol."""

import os
import subprocess
import sys

from mibib.cli.completion import complete_key, complete_tags

complete_category = complete_tags("category")
complete_technique = complete_tags("technique")
complete_evaluation = complete_tags("evaluation")


def test_categories_complete_by_prefix_in_tree_order_with_titles(collection):
    assert complete_category(None, "super") == [("superposition", "Superposition")]
    keys = [key for key, _ in complete_category(None, "")]
    assert keys.index("features") < keys.index("polysemanticity") < keys.index("superposition")


def test_techniques_and_evaluation_complete_their_own_facet(collection):
    assert [key for key, _ in complete_technique(None, "path")] == ["path-patching"]
    assert ("faithfulness", "Faithfulness") in complete_evaluation(None, "f")
    assert complete_technique(None, "superposition") == []


def test_entry_keys_complete_with_their_titles(collection):
    assert complete_key(None, "el") == [("elhage2022toy", "Toy Models of Superposition")]
    assert len(complete_key(None, "")) == 7


def test_a_broken_or_missing_file_completes_nothing_and_never_raises(collection):
    (collection / "taxonomy.toml").write_text("[[category]\n", encoding="utf-8")
    (collection / "library.bib").write_text("@misc{x,\n", encoding="utf-8")
    assert complete_category(None, "") == []
    assert complete_key(None, "") == []
    (collection / "library.bib").unlink()
    (collection / "taxonomy.toml").unlink()
    assert complete_technique(None, "") == []
    assert complete_key(None, "") == []


def complete(cwd, words: str) -> list[str]:
    """What bash completion shows after `words` (the last word is the one being completed)."""
    env = {
        **os.environ,
        "_MIBIB_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    done = subprocess.run(
        [sys.executable, "-m", "mibib"], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completes_commands_taxonomy_keys_and_entry_keys(collection):
    assert complete(collection, "mibib sta") == ["stats"]
    assert complete(collection, "mibib list --category super") == ["superposition"]
    assert complete(collection, "mibib list -t acti") == ["activation-patching"]
    assert complete(collection, "mibib show ge") == ["geva2021transformer"]


def test_completion_follows_the_library_option(collection, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (collection / "library.bib").rename(elsewhere / "other.bib")
    words = f"mibib --library {elsewhere / 'other.bib'} show ols"
    assert complete(collection, words) == ["olsson2022context"]


def test_the_commands_that_change_entries_complete_keys_and_tags(collection):
    assert complete(collection, "mibib tag ge") == ["geva2021transformer"]
    assert complete(collection, "mibib tag elhage2022toy --category poly") == ["polysemanticity"]
    assert complete(collection, "mibib tag elhage2022toy -e faith") == ["faithfulness"]
    assert complete(collection, "mibib remove ols") == ["olsson2022context"]
    assert complete(collection, "mibib import list.md --technique path") == ["path-patching"]
    assert complete(collection, "mibib update ge") == ["geva2021transformer"]
