"""Exports of the collection: the README's Markdown block and its anchors, BibTeX and JSON.

Pure: each export returns a string; the CLI writes files.
"""
