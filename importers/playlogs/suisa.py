"""SUISA "Sendemeldung": the Swiss PRO's broadcast usage report (PROVENANCE.md, playlogs/),
as generated from ACRCloud detections by Radio RaBe.

21 German columns; what a play needs: Sender (the station as named), Titel des Musikwerks,
Interpret(en), Sendedatum (the local date, ISO or DD.MM.YYYY), Sendezeit (local clock time),
Sendedauer (H:MM:SS), ISRC. The rest (composer, label, album, EAN/GTIN, catalogue numbers,
Identifikationsnummer — a programme id shared by many rows, not a play id) is kept in
``extra`` as written. A row with no title is kept: a detection that names no work is a
failed detection, reported and never charged, not a malformed row.
"""

import datetime
from collections.abc import Iterator

from importers.playlogs.records import PlayRecord, clock_seconds, duration
from importers.records import ParseIssue
from importers.statements.common import Row, parse_date
from importers.statements.rows import parse_table, sniff_table

WHAT = "SUISA Sendemeldung"
REQUIRED = ("Sender", "Titel des Musikwerks", "Interpret(en)", "Sendedatum", "Sendedauer", "Sendezeit", "ISRC")
_EXTRA = {"Name des Komponisten": "composer", "Label": "label", "Identifikationsnummer": "programmeId",
          "Eigenaufnahmen": "ownRecording", "EAN / GTIN": "ean", "Albumtitel / Titel des Tonträgers": "album",
          "Aufnahmedatum": "recordedOn", "Aufnahmeland": "recordingCountry",
          "Erstveröffentlichungsdatum": "firstReleasedOn", "Katalog-Nummer / CD ID": "catalogNumber",
          "Werkverzeichnisangaben": "workCatalogue", "Bestellnummer": "orderNumber",
          "Veröffentlichungsland": "releaseCountry", "Liveaufnahme": "live"}


def _date(row: Row) -> datetime.date | None:
    text = row.get("Sendedatum")
    found = parse_date(text) or parse_date(text, "%d.%m.%Y")
    if found is None:
        row.fail("Sendedatum", "Sendedatum is not a date like 2024-01-31 or 31.01.2024")
    return found


def _build(row: Row) -> PlayRecord | None:
    day = _date(row)
    clock = clock_seconds(row.get("Sendezeit"))
    if clock is None or clock >= 24 * 3600:
        row.fail("Sendezeit", "Sendezeit is not a time like 13:37:00")
    seconds = duration(row, "Sendedauer")
    isrc = row.isrc("ISRC")
    if not row.get("Sender"):
        row.fail("Sender", "Sender is empty")
    if row.issues:
        return None
    played_at = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=clock)
    return PlayRecord(line=row.line, station=row.get("Sender"), played_at=played_at,
                      title=row.get("Titel des Musikwerks"), artist=row.get("Interpret(en)"), isrc=isrc,
                      duration_seconds=seconds, extra=row.extra(_EXTRA))


def parse_suisa(path) -> Iterator[PlayRecord | ParseIssue]:
    """Stream the plays of a SUISA Sendemeldung CSV (local, naive ``played_at``). Raises
    FormatError on the first iteration for a file of another layout; OSError if unreadable."""
    return parse_table(path, WHAT, ",", REQUIRED, _build)


def sniff_suisa(path) -> bool:
    """True if the file's header is a SUISA Sendemeldung's."""
    return sniff_table(path, ",", REQUIRED)
