"""Help that reads well: --version, -h, summaries that fit, no placeholder metavars."""

import pytest
from typer.testing import CliRunner

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


def every_parameter():
    """(command path, click parameter, its help line's left column) for all commands."""
    import typer
    from typer._click.core import Context

    found = []

    def walk(command, path):
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, f"{path} {name}".strip())
        context = Context(command, info_name=path or "mibib")
        for parameter in command.params:
            record = parameter.get_help_record(context)
            left = record[0] if record else parameter.make_metavar(ctx=context)
            found.append((path or "mibib", parameter, left))

    walk(typer.main.get_group(app), "")
    return found


def test_every_metavar_says_what_is_expected():
    """`--library PATH`, `--category KEY`, `show KEY`: never `<str>` or a lower-case name."""
    import re

    parameters = every_parameter()
    assert len(parameters) > 40
    for path, parameter, left in parameters:
        assert "<" not in left and ">" not in left, f"mibib {path}: {left}"
        if parameter.param_type_name == "option":
            if parameter.is_flag:
                continue
            left = left.split(", ")[-1].split(" ", 1)[1]  # "-c, --category KEY" -> "KEY"
        assert re.fullmatch(r"[A-Z]+( [A-Z]+)*(\.\.\.)?", left), f"mibib {path}: {left}"


def test_json_help_speaks_of_a_table_only_where_there_is_one():
    tables = {"list", "search"}
    for path, parameter, left in every_parameter():
        if left == "--json":
            says_table = "instead of a table" in (parameter.help or "")
            assert says_table == (path in tables), f"mibib {path} --json: {parameter.help}"


def test_usage_lines_name_required_arguments_plainly():
    """`Usage: mibib show [OPTIONS] KEY`, as click prints it, not typer's `{KEY}`."""
    import typer

    def walk(command, path):
        for name, sub in (getattr(command, "commands", None) or {}).items():
            yield from walk(sub, [*path, name])
        if not getattr(command, "commands", None):
            yield path

    commands = list(walk(typer.main.get_group(app), []))
    assert len(commands) > 15
    for path in commands:
        usage = CliRunner().invoke(app, [*path, "-h"], prog_name="mibib").output.splitlines()[0]
        assert "{" not in usage and "}" not in usage, usage
    show = CliRunner().invoke(app, ["show", "-h"], prog_name="mibib").output
    assert show.startswith("Usage: mibib show [OPTIONS] KEY\n")
    missing = CliRunner().invoke(app, ["import"], prog_name="mibib")
    assert missing.exit_code == 2
    assert missing.output.startswith("Usage: mibib import [OPTIONS] PATH\n")
