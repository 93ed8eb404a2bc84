"""Partner reports of a royalty cycle (issue 7, item 5): pure writers, one module per format.

Each writer takes plain rows (dicts or dataclasses built by app.services.reciprocal_exports)
and yields or writes text; none touches the database or the file system beyond the stream it
is given. Amounts arrive as int micro-units and are written as exact decimal strings
(app.money.from_micro: six decimals, never a float).

* ``csv_baseline`` — one row per play (the cycle's IN_CYCLE rows), RFC 4180.
* ``cwr_snapshot`` — the partner's works with line items, with the shares the partner
  reported (CLAIMS), as CWR (importers.repertoire.cwr_writer).
* ``ddex_dsr`` — a DDEX DSRF flat file in the Radio Broadcast Profile 1.0.
"""
