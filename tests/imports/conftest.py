"""Fixtures of the import tests live in the modules that use them (see books.py)."""
