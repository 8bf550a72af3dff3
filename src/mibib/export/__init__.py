"""Exports of the collection: the README's Markdown block and its anchors. Pure."""
