"""Help that reads well: --version, -h, summaries that fit, no placeholder metavars."""

import pytest

from mibib import __version__
from mibib.cli import app


def test_version_prints_the_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"mibib {__version__}\n"


@pytest.mark.parametrize("args", [[], ["list"], ["export", "readme"], ["tag"]], ids=" ".join)
def test_dash_h_is_help_everywhere(runner, args):
    result = runner.invoke(app, [*args, "-h"], prog_name="mibib")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: mibib {' '.join(args)}".rstrip())
    assert "-h, --help" in result.output


@pytest.mark.parametrize("group", [[], ["export"]], ids=["mibib", "export"])
def test_command_summaries_fit_on_an_80_column_help_page(runner, monkeypatch, group):
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, [*group, "--help"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:\n", 1)[1].splitlines()
    assert len(listed) >= 3
    for line in listed:
        assert line.endswith(".") and not line.endswith("..."), f"cut summary: {line!r}"
        assert len(line) <= 80
