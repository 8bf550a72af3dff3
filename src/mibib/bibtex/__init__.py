"""BibTeX text: reading it (the only package that imports bibtexparser), mibib's own
fields, and byte-preserving edits of one entry's text."""
