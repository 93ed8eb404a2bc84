"""Repertoire files of partner societies (issue 7 item 2): pure parsers that turn a CWR, DDEX
ERN or CSV file into :mod:`importers.repertoire.records` and line-numbered
:class:`importers.records.ParseIssue`."""
