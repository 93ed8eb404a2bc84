"""Pure parsers turning statement and repertoire files into typed records and line-numbered issues."""
