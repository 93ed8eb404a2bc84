"""Deterministic demo data: a ``rightsgraph-catalog/1`` catalogue and a DistroKid statement.

Pure generation, no database: ``rightsgraph demo`` loads what this produces, and the benchmark
uses it at scale (10 000 recordings, 100 000 statement lines). The same seed always yields the
same bytes, on any platform: only ``random.Random`` integer draws are used, never floats in
any amount, share or date.

The default catalogue (12 recordings) tells a story a reader can follow in the demo output:

* **Ama Owusu** (Ghana) released the album *Osu Nights* (r-1…r-4) on **Accra Sound Records**,
  which sold that master catalogue to **Harbour Lane Music** (UK) on 2024-07-01: Accra Sound
  owns 100 % from 2020-01-01 until 2024-07-01 (exclusive), Harbour Lane from 2024-07-01.
* **Tunde Adeyemi** (Nigeria) owns half of his EP *Lagos to Accra* (r-5, r-6); the other half
  is Harbour Lane's world-wide *except Ghana* (``excluded: ["GH"]``), where Accra Sound holds it
  under a separate GH-only edge.
* **Lena Hartmann** (Germany) feat. Ama, produced by **Kojo Mensah**: *Bridges* (r-7…r-9) is
  split three ways, 33.3333 / 33.3333 / 33.3334; their songs have three writers at
  16.6666 / 16.6667 / 16.6667 beside the publisher's 50.
* Ama's self-released EP *Chale Wote* (r-10…r-12, Ama 60 / Kojo 40) has *Kumasi Rain* with no
  work at all (publishing never registered) and an acoustic version of *Block Talk* that
  shares the original's work.
* The songs are co-written with **Efua Sarpong** and published by **Gold Coast Songs**, which
  holds 50 % of performance and mechanical rights.

Larger catalogues keep that story as their first 12 recordings and add generated artists,
labels, writers, producers and publishers (about one participant per ten recordings).

Shares are computed as integers of 1/10 000 of a percent and written as decimal strings, so
per asset, right type, territory and instant they sum to exactly 100 (DESIGN.md, "Ownership is
an edge"; the format is docs/catalog-format.md).
"""
from __future__ import annotations

from app.services.demo_data.catalog import CATALOG_FORMAT, SALE_DATE, generate_catalog, write_catalog
from app.services.demo_data.statement import DISTROKID_COLUMNS, generate_distrokid_statement, write_distrokid_statement

__all__ = [
    "CATALOG_FORMAT",
    "DISTROKID_COLUMNS",
    "SALE_DATE",
    "generate_catalog",
    "generate_distrokid_statement",
    "write_catalog",
    "write_distrokid_statement",
]
