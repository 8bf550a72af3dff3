"""Importers: bring foreign lists (.bib files, Markdown awesome lists) into a library."""
