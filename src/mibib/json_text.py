"""JSON text indented by two spaces, byte for byte as `json.dumps(value, indent=2,
ensure_ascii=False)` writes it, in a fraction of the time.

With `indent`, the standard library encodes in pure Python, a generator per value: for
the 10,000 entries of `mibib list --json` that is most of the command. Here each
container is joined at once, and strings go through the same C function json uses.
Pure: no I/O.
"""

from collections.abc import Iterator
from json.encoder import INFINITY, encode_basestring

_LITERALS = {None: "null", True: "true", False: "false"}
_KEY_PREFIXES: dict[str, str] = {}  # '"title": ' by key: entries repeat the same keys


def render_json_text(value) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it."""
    return _encode(value, 0)


def render_json_pieces(value) -> Iterator[str]:
    """The same text in pieces, a top-level list one item at a time (for large outputs)."""
    if type(value) is not list or not value:
        yield _encode(value, 0)
        return
    separator = "[\n  "
    for item in value:
        yield separator + _encode(item, 1)
        separator = ",\n  "
    yield "\n]"


def _encode(value, level: int) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None or value is True or value is False:
        return _LITERALS[value]
    if kind is int:
        return int.__repr__(value)
    if kind is dict:
        return _encode_items(value.items(), level) if value else "{}"
    if kind is list or kind is tuple:
        return _encode_list(value, level) if value else "[]"
    # Subclasses, and what json refuses, as json treats them.
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, list | tuple):
        return _encode_list(value, level) if value else "[]"
    if isinstance(value, dict):
        return _encode_items(value.items(), level) if value else "{}"
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _encode_list(values, level: int) -> str:
    inner = "\n" + "  " * (level + 1)
    try:  # a list of strings, the usual case: one C call per item, no Python frame
        parts = list(map(encode_basestring, values))
    except TypeError:
        parts = [_encode(item, level + 1) for item in values]
    return "[" + inner + ("," + inner).join(parts) + inner[:-2] + "]"


def _encode_items(items, level: int) -> str:
    inner = "\n" + "  " * (level + 1)
    parts = []
    for key, item in items:
        prefix = _KEY_PREFIXES.get(key) if type(key) is str else None
        if prefix is None:
            prefix = encode_basestring(_key_text(key)) + ": "
            if type(key) is str and len(_KEY_PREFIXES) < 4096:
                _KEY_PREFIXES[key] = prefix
        parts.append(
            prefix + (encode_basestring(item) if type(item) is str else _encode(item, level + 1))
        )
    return "{" + inner + ("," + inner).join(parts) + inner[:-2] + "}"


def _key_text(key) -> str:
    """A dict key as json writes it: str, float, bool, None and int keys become strings."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float_text(key)
    if key is True or key is False or key is None:
        return _LITERALS[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value == INFINITY:
        return "Infinity"
    if value == -INFINITY:
        return "-Infinity"
    return float.__repr__(value)
