"""Counted nouns in messages: "1 entry", "2 entries", "0 conflicts". Pure."""

_PLURALS = {"entry": "entries", "category": "categories", "value": "values", "id": "ids"}


def counted(count: int, noun: str) -> str:
    """`count` and the noun, plural unless the count is one: counted(1, "error") == "1 error"."""
    if count == 1:
        return f"{count} {noun}"
    *before, last = noun.split(" ")
    return " ".join([str(count), *before, _PLURALS.get(last, last + "s")])
