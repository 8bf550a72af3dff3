"""Features over Papers: search, lint, stats, update proposals, the three-way merge.

Pure: they take Papers (and the taxonomy) or text and return results; no I/O, no printing.
"""
