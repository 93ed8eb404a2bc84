"""Parsers for royalty statements, one module per source."""
