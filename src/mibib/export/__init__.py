"""Exports of the collection: the README's Markdown block and its anchors, BibTeX, JSON
and the web page.

Pure: each export returns text (the page, in pieces); the CLI writes files.
"""
