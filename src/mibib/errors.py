"""User-facing errors: each message names the thing and the next step. No I/O here."""


class MibibError(Exception):
    """A handled failure: the CLI prints `Error: <message>` and exits 1 (2 for UsageError)."""


class UsageError(MibibError):
    """What was typed on the command line is malformed: the CLI shows usage and exits 2.

    `param_hint` names the option or argument ("'--key'", "SOURCES"), when one is to blame.
    """

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.param_hint = param_hint


class TaxonomyError(MibibError):
    """taxonomy.toml is missing, malformed or inconsistent."""


class UnknownTagError(MibibError):
    """A category, technique or evaluation key that the taxonomy does not define."""


class LibraryFormatError(MibibError):
    """library.bib cannot be read without losing data; `problems` lists every one."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class LibraryChangedError(MibibError):
    """library.bib changed on disk between two reads of one command."""


class EntryNotFoundError(MibibError):
    """No entry with that key."""


class DuplicateEntryError(MibibError):
    """The entry is already in the library (same key, arXiv id, DOI or title)."""


class SourceError(MibibError):
    """A metadata source (arXiv, DOI, a file) failed or answered nonsense."""


class ExportError(MibibError):
    """An export target cannot be written (e.g. README markers are wrong)."""
