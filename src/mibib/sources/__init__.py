"""Metadata sources: arXiv, DOI content negotiation, and BibTeX typed or pasted by hand.

Sources return Papers (or text a parser turns into Papers) and never touch the library;
the CLI composes fetch -> parse -> Library.add -> save.
"""
