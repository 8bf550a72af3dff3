"""Repairs of BibTeX that sources get wrong in known ways, each one said aloud. Pure.

Crossref's BibTeX writes a math command such as `{\\upOmega}` as `\\{upOmega}`: BibTeX
counts that `\\{` as a brace, the parser does not, and the title ends early.
"""

import re

_GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho",
    "sigma", "varsigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
})  # fmt: skip
_ESCAPED_COMMAND = re.compile(r"\\\{(?P<name>[A-Za-z]+)\}")


def repair_crossref_math(text: str) -> tuple[str, list[str]]:
    """`$\\{upOmega}$` -> `$\\Omega$` (upgreek's upright letters as plain ones, other
    commands as `{\\name}`); returns the text and what was repaired."""
    repaired: list[str] = []

    def command(match: re.Match) -> str:
        name = match.group("name")
        letter = name[2:] if name.startswith("up") else name
        fixed = f"\\{letter}" if letter.lower() in _GREEK else f"{{\\{name}}}"
        repaired.append(f"{match.group()} -> {fixed}")
        return fixed

    return _ESCAPED_COMMAND.sub(command, text), repaired
