"""What `mibib import` did: the rows that need a look, the entries per section, what
was left out, notes and the summary; a table on a terminal, tab-separated lines when piped."""

import sys

from mibib.console import TITLE_ROOM, show, stdout, stdout_is_terminal
from mibib.plural import counted

WHY_ROOM = 30  # the least width of the Why column beside the title
IMPORT_STYLES = {
    "new": "green", "merged": "cyan", "skipped": "dim", "conflict": "bold red",
    "possible duplicate": "yellow", "unread": "bold yellow", "left out": "yellow",
}  # fmt: skip
# Above this many imported entries the report shows only the rows that need a look.
IMPORT_ROWS_SHOWN = 50
PLAN_STATUSES = ("new", "merged", "skipped", "conflict")


def print_import_report(result, dry_run: bool, verbose: bool = False) -> None:
    """What an import did. On a terminal: a table of the rows that need a look (every
    row for a short import or with `verbose`), then the entries per section, what was
    left out and why, notes and a summary line. Piped: the rows as tab-separated lines
    (line, status, key, title, why) on stdout, the rest on stderr."""
    rows = import_rows(result, verbose)
    lines = import_report_lines(result, dry_run, verbose)
    if stdout_is_terminal():
        from rich.markup import escape

        if rows:
            show(render_import_table(rows, dry_run, stdout().width))
        for line in lines:  # long lines stay one line, for grep and copying
            stdout().print(escape(line), soft_wrap=True)
        return
    text = "".join("\t".join(" ".join(str(v).split()) for v in row) + "\n" for row in rows)
    sys.stdout.write(text)
    sys.stdout.flush()
    sys.stderr.write("".join(line + "\n" for line in lines))


def import_rows(result, verbose: bool) -> list[tuple]:
    """(line, status, key, title, why) for the entries to show, in file order."""
    every = verbose or len(result.actions) <= IMPORT_ROWS_SHOWN
    rows = [
        (
            action.line,
            action.status,
            action.shown_key or action.paper.key,
            action.paper.title,
            action.reason,
        )
        for action in result.actions
        if every or action.status != "new"
    ]
    candidates = result.candidates
    if candidates is not None:
        rows += [(line, "unread", "", text, why) for line, text, why in candidates.unread]
        if verbose:
            rows += [
                (line, "left out", "", title, why) for line, title, why, _ in candidates.not_papers
            ]
    return sorted(rows, key=lambda row: row[0])


def import_report_lines(result, dry_run: bool, verbose: bool) -> list[str]:
    """Sections, what was left out, new categories, notes, fetching, and the summary."""
    lines = []
    candidates = result.candidates
    if candidates is not None and candidates.sections:
        lines.append("Entries per section:")
        lines += [f"  {section}: {count}" for section, count in candidates.sections.items()]
    if candidates is not None and candidates.not_papers and not verbose:
        groups: dict[tuple[str, str], list[int]] = {}
        for line, _, why, section in candidates.not_papers:
            groups.setdefault((section, why), []).append(line)
        lines.append(
            f"Left out as not papers ({len(candidates.not_papers)}; --verbose lists them):"
        )
        for (section, why), numbers in groups.items():
            shown = ", ".join(map(str, numbers[:12])) + (", …" if len(numbers) > 12 else "")
            lines.append(f"  {section}: {why}: line{'s' if len(numbers) > 1 else ''} {shown}")
    for new in result.new_nodes:
        under = f" under '{new.parent}'" if new.parent else ""
        lines.append(f"New {new.facet} '{new.key}' ({new.title}){under}")
    lines += [f"Note: {note}" for note in result.notes]
    if result.filled is not None:
        lines += fill_lines(result.filled)
    fillable = [action for action in result.actions if action.fillable]
    if fillable:
        names = dict.fromkeys(name for action in fillable for name in action.fillable)
        shown = ", ".join(list(names)[:6]) + (", …" if len(names) > 6 else "")
        which = (
            "1 entry already here lacks"
            if len(fillable) == 1
            else (f"{len(fillable)} entries already here lack")
        )
        lines.append(
            f"{which} fields this file gives ({shown}): import it again with --merge to fill them"
        )
    counts = {status: 0 for status in PLAN_STATUSES}
    for action in result.actions:
        counts[action.status] = counts.get(action.status, 0) + 1
    summary = ", ".join(  # "1 conflict", "0 conflicts"; the adjectives stay as they are
        counted(counts[status], status) if status == "conflict" else f"{counts[status]} {status}"
        for status in PLAN_STATUSES
    )
    if counts.get("possible duplicate"):
        duplicates = counted(counts["possible duplicate"], "possible duplicate")
        summary += f", {duplicates} (imported; see above)"
    if candidates is not None and (candidates.not_papers or candidates.unread):
        summary += (
            f"; {len(candidates.not_papers)} left out (not papers), {len(candidates.unread)} unread"
        )
    lines.append(summary + (" (dry run: nothing written)" if dry_run else ""))
    return lines


def fill_lines(report) -> list[str]:
    """--fetch in a line or three: what was filled, what could not be, and why."""
    lines = [f"Offline: {'; '.join(report.offline)}"] if report.offline else []
    if report.filled:
        done = ", ".join(f"{name} in {count}" for name, count in report.filled.items())
        lines.append(f"Filled from arXiv and DOIs ({report.wanted} entries asked): {done}")
    elif report.wanted and not report.offline:
        lines.append(f"Nothing to fill: the sources had nothing new for {report.wanted} entries")
    if report.unknown:
        shown = ", ".join(report.unknown[:10]) + (", …" if len(report.unknown) > 10 else "")
        lines.append(f"Not found by the sources ({len(report.unknown)}): {shown}")
    return lines


def render_import_table(rows: list[tuple], dry_run: bool, width: int = 80):
    """The import report's rows, fitted to `width` as `list` fits its table: with room
    for the title beside the others, the columns Line, Status, Key, Title, Why;
    narrower, the key and the reason go on lines under the title, which gets the rest
    of the width (nothing is cut, long words are folded)."""
    from rich.table import Table
    from rich.text import Text

    key_width = max((len(row[2]) for row in rows), default=3)
    status_width = max((len(row[1]) for row in rows), default=6)
    line_width = max((len(str(row[0])) for row in rows), default=4)
    others = line_width + status_width + key_width + WHY_ROOM
    wide = width >= others + TITLE_ROOM + 3 * 5 + 1
    table = Table(title="Dry run: nothing written" if dry_run else None, expand=not wide)
    table.add_column("Line", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    if wide:
        table.add_column("Key", style="cyan", no_wrap=True)
        table.add_column("Title", ratio=3, overflow="fold")
        table.add_column("Why", ratio=2, overflow="fold")
    else:
        table.add_column("Title, key, why", overflow="fold")
    for line, status, key, title, why in rows:
        label = Text(status, style=IMPORT_STYLES.get(status, ""))
        if wide:
            table.add_row(str(line), label, Text(key), Text(title), Text(why))
            continue
        entry = Text(title)
        if key:
            entry.append("\n")
            entry.append(key, style="cyan")
        if why:
            entry.append("\n")
            entry.append(why, style="dim")
        table.add_row(str(line), label, entry)
    return table
