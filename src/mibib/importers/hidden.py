"""What a list hides from its readers, as GitHub shows it: HTML comments (one never
closed hides the rest of the file) and a YAML header. Blanked, not cut, so that every
line keeps its number for the report. Pure.
"""

import re


def strip_comments(text: str) -> str:
    """HTML comments blanked out, keeping line numbers. As on GitHub, a comment that is
    never closed (`–->` does not close one) hides the rest of the file."""
    out, position = [], 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            out.append(text[position:])
            return "".join(out)
        end = text.find("-->", start + 4)
        end = len(text) if end < 0 else end + 3
        out.append(text[position:start])
        out.append(re.sub(r"[^\n]", " ", text[start:end]))
        position = end


def blank_front_matter(text: str) -> str:
    """A YAML or TOML header (`---` … `---` or Hugo's `+++` … `+++` at the top, as static
    sites use) blanked out."""
    match = re.match(r"(?:[ \t]*\n)*(---|\+\+\+)[ \t]*\n(?:.*\n){0,60}?\1[ \t]*\n", text)
    return re.sub(r"[^\n]", " ", match.group(0)) + text[match.end() :] if match else text


def unclosed_comment(text: str) -> tuple[int, int] | None:
    """(line of an HTML comment never closed, lines it hides), when it hides any text."""
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            hidden = text[start + 4 :]
            if not hidden.strip(" \t\n-–—>"):
                return None
            return text.count("\n", 0, start) + 1, hidden.count("\n")
        position = end + 3
    return None
