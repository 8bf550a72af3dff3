"""Values written without braces or quotes: `@string` macros and the months replaced,
`#` concatenations joined. Pure: text in, text out; no bibtexparser.
"""

# BibTeX's predefined month macros (plain.bst and every standard style).
MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip


def value_parts(expression: str) -> list[tuple[str, str]] | None:
    """The parts of `a # "text" # {text}` as ("bare"|"text", value); None when malformed."""
    pieces, position, length = [], 0, len(expression)
    while True:
        while position < length and expression[position].isspace():
            position += 1
        if position >= length:
            return pieces if pieces else None
        opener = expression[position]
        if opener in '"{':
            depth, index = 0, position
            while index < length:
                char = expression[index]
                depth += (char == "{") - (char == "}")
                index += 1
                if depth == 0 and (opener == "{" or (char == '"' and index - 1 > position)):
                    break
            else:
                return None
            pieces.append(("text", expression[position + 1 : index - 1]))
            position = index
        else:
            start = position
            while position < length and not expression[position].isspace():
                if expression[position] == "#":
                    break
                position += 1
            pieces.append(("bare", expression[start:position]))
        while position < length and expression[position].isspace():
            position += 1
        if position < length:
            if expression[position] != "#":
                return None
            position += 1


def expand_value(expression: str, strings: dict[str, str]) -> str:
    """The text of a value written without braces or quotes: macros (`@string` names, the
    months) replaced, `#` concatenations joined; an unknown macro stays as its name."""
    pieces = value_parts(expression)
    if pieces is None:
        return expression  # not a value BibTeX would read: show it as written
    return "".join(
        value if kind == "text" else strings.get(value.lower(), MONTHS.get(value.lower(), value))
        for kind, value in pieces
    )


def macro_names(expression: str) -> list[str]:
    """The macro names a value written without braces or quotes uses (not numbers)."""
    return [
        value
        for kind, value in value_parts(expression) or []
        if kind == "bare" and not value.isdigit()
    ]


def macro_values(blocks) -> dict[str, str]:
    """@string name (lower case) -> its text, each definition using the earlier ones."""
    values: dict[str, str] = {}
    for block in blocks:
        enclosing = block.parser_metadata.get("removed_enclosing")
        value = as_text(block.value)
        values[block.key.lower()] = (
            expand_value(value, values) if enclosing == "no-enclosing" else value
        )
    return values


def as_text(value) -> str:
    """A field's value as written (outer braces or quotes removed)."""
    return value if isinstance(value, str) else str(value)
