"""DDEX ERN (Electronic Release Notification) messages → repertoire records.

``parse(path)`` reads a ``NewReleaseMessage`` (or any other ERN message; a
``PurgeReleaseMessage`` simply yields nothing) of ERN **3.x** (3.5, 3.7, 3.8.x) or **4.x**
(4.1, 4.1.1, 4.2, 4.3) and yields, in document order:

* a :class:`RepertoireWork` per ERN 3 ``WorkList/MusicalWork`` (ISWC, title, writers from
  ``MusicalWorkContributor``), and per ISWC a sound recording names when no ``MusicalWork``
  described it (ERN 4 has no work list: ``SoundRecording/WorkId/ISWC``; ERN 3
  ``IndirectSoundRecordingId/ISWC``): its title is the recording's, its writers the
  recording's composer/lyricist contributors, ``extra['derivedFrom']`` the resource reference;
* a :class:`RepertoireRecording` per ``SoundRecording``: ISRC, title, duration, display
  artists (by ``SequenceNumber``), contributors ``(name, role)`` as worded, label, the UPC/EAN
  (``ICPN``) of the first release carrying it, ``work_iswc`` when the message links a work.

ERN carries no ownership shares: every writer's shares are 0 and the work's
``extra['shares']`` says so. Videos, images, texts and other non-audio resources are skipped
on purpose (nothing of them is repertoire we collect for).

The version is never looked up: elements are matched by local name in any namespace (ERN 3 and
4 differ in element names, and both spellings are read). The file is read twice with lxml's
``iterparse``, each top-level list item being discarded once handled, so memory stays bounded by
one resource plus the small release and party indexes: pass 1 indexes the ``ReleaseList``
(which follows the resources) and the ``PartyList``; pass 2 streams works and recordings.

Bad input: malformed XML → one :class:`ParseIssue` at the line the XML parser reports, after
the records read before it (a caller must not write a partial message: see ``errors`` in the
import log); a root element outside the ``http://ddex.net/xml/ern/`` namespaces →
:class:`FormatError`. An identifier failing its check (ISRC shape, ISWC / UPC / IPI check
digits) → a ``ParseIssue`` naming the field while the record is kept without that identifier
(a recording with no valid ISRC has ``isrc`` None, so the import lists it under missingIds).
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from importers.identifiers import IdentifierError
from importers.records import FormatError, ParseIssue
from importers.repertoire.cells import identifier, seconds_of
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork

ERN_NAMESPACE = "http://ddex.net/xml/ern/"

#: DDEX contributor roles of writers → CWR writer designation codes (records.RepertoireParty).
WRITER_ROLES = {
    "Composer": "C", "Lyricist": "A", "ComposerLyricist": "CA", "Librettist": "A",
    "Arranger": "AR", "MusicArranger": "AR", "Adapter": "AD", "Translator": "TR",
    "SubArranger": "SR", "SubLyricist": "SA", "Writer": "CA", "Author": "A",
}
#: DDEX roles of publishers → CWR publisher types.
PUBLISHER_ROLES = {"MusicPublisher": "E", "OriginalPublisher": "E", "SubPublisher": "SE"}

_SHARES_NOTE = "DDEX ERN reports no ownership shares: all shares are 0"
_AUDIO = "SoundRecording"
_WORK = "MusicalWork"


@functools.lru_cache(maxsize=None)
def _any_ns(path: str) -> str:
    """``'A/B'`` → ``'{*}A/{*}B'``: an lxml path matching those local names in any namespace."""
    return "/".join("{*}" + step for step in path.split("/"))


def _path(el: etree._Element, path: str) -> list[etree._Element]:
    """The elements at ``path`` (``'A/B'``: children named B of children named A) below ``el``."""
    return el.findall(_any_ns(path))


def _first(el: etree._Element, path: str) -> etree._Element | None:
    return el.find(_any_ns(path))


def _text(el: etree._Element, *paths: str) -> str | None:
    """The stripped text of the first of ``paths`` (relative, namespace-agnostic) that has some."""
    for path in paths:
        for found in el.iterfind(_any_ns(path)):
            if found.text and found.text.strip():
                return found.text.strip()
    return None


def _local(el: etree._Element) -> str:
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""


def _role(el: etree._Element | None) -> str | None:
    """A DDEX role element's value; ``UserDefined`` roles carry their name in an attribute."""
    if el is None or not el.text:
        return None
    value = el.text.strip()
    if value == "UserDefined":
        return el.get("UserDefinedValue") or value
    return value


@dataclass
class _Index:
    """What pass 1 learns: party names and IPIs by reference, and per resource reference the
    UPC and label of the first release carrying it; identifier issues found on the way."""

    parties: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    releases: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    issues: list[ParseIssue] = field(default_factory=list)


class _Reader:
    """One pass over the file: yields top-level list items (children of ``*List`` elements)
    and frees each once the caller is done with it; reports a syntax error as a ParseIssue."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.error: ParseIssue | None = None

    def items(self) -> Iterator[etree._Element]:
        depth = 0
        events = etree.iterparse(str(self.path), events=("start", "end"), resolve_entities=False,
                                 no_network=True, remove_comments=True, remove_pis=True)
        try:
            for event, el in events:
                if event == "start":
                    depth += 1
                    if depth == 1:
                        _check_root(el)
                    continue
                depth -= 1
                if depth == 2:  # a child of WorkList, ResourceList, ReleaseList, DealList…
                    yield el
                if depth >= 1 and depth <= 2:
                    el.clear(keep_tail=False)
                    # Drop the siblings already handled: without this the tree keeps an
                    # empty element per resource and deal, and memory grows with the file.
                    parent = el.getparent()
                    while parent is not None and el.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            self.error = ParseIssue(exc.lineno or 0, None, f"malformed XML: {exc.msg}", None)


def _check_root(root: etree._Element) -> None:
    namespace = root.tag.partition("}")[0].lstrip("{") if root.tag.startswith("{") else ""
    if not namespace.startswith(ERN_NAMESPACE):
        raise FormatError(f"not a DDEX ERN message: root element {root.tag!r}",
                          ["NewReleaseMessage (namespace http://ddex.net/xml/ern/…)"])


def parse(path: str | Path) -> Iterator[RepertoireRecording | RepertoireWork | ParseIssue]:
    """Yield the works and sound recordings of the ERN message at ``path`` (see module doc).

    Raises FormatError if the root element is not in a DDEX ERN namespace; OSError if the file
    cannot be read. Never raises on malformed XML: that is the last ParseIssue yielded.
    """
    path = Path(path)
    index = _index(path)
    yield from index.issues
    reader = _Reader(path)
    works: dict[str, str | None] = {}  # MusicalWorkReference → its ISWC (ERN 3)
    described: set[str] = set()  # ISWCs a work record was yielded for
    for el in reader.items():
        kind = _local(el)
        if kind == _WORK:
            yield from _musical_work(el, works, described)
        elif kind == _AUDIO:
            yield from _sound_recording(el, index, works, described)
    if reader.error is not None:
        yield reader.error


def _index(path: Path) -> _Index:
    index = _Index()
    reader = _Reader(path)
    for el in reader.items():
        kind = _local(el)
        if kind == "Party":
            reference = _text(el, "PartyReference")
            name = _text(el, "PartyName/FullName", "PartyName/FullNameIndexed")
            if reference and name:
                ipi = _identifier(index.issues, "IPI", _text(el, "PartyId/IPI"), el.sourceline)
                index.parties[reference] = (name, ipi)
        elif kind in ("Release", "TrackRelease"):
            _index_release(el, index)
    return index


def _index_release(el: etree._Element, index: _Index) -> None:
    upc = _identifier(index.issues, "UPC", _text(el, "ReleaseId/ICPN", "ReleaseId/EAN", "ReleaseId/UPC"),
                      el.sourceline)
    label = _text(el, "ReleaseDetailsByTerritory/LabelName", "LabelName")
    label_ref = _text(el, "ReleaseLabelReference")
    if label is None and label_ref in index.parties:  # ERN 4: the label is a party
        label = index.parties[label_ref][0]
    for ref in el.iter("{*}ReleaseResourceReference"):
        key = (ref.text or "").strip()
        known = index.releases.get(key)
        # The first release carrying the resource wins, unless it had no UPC (an ERN 4
        # TrackRelease or ERN 3 track-level release identified by ISRC or a proprietary id).
        if key and (known is None or (known[0] is None and upc is not None)):
            index.releases[key] = (upc, label or (known[1] if known else None))


def _identifier(issues: list[ParseIssue], scheme: str, value: str | None, line: int | None) -> str | None:
    """``value`` normalized for ``scheme`` (ISWC ``T-034.524.680-1``, as the records
    contract), or None; a failed check appends a ParseIssue naming the scheme."""
    if value is None:
        return None
    try:
        return identifier(scheme, value)
    except IdentifierError as exc:
        issues.append(ParseIssue(line or 0, scheme, f"{exc}; kept without it", value))
        return None


def _musical_work(el: etree._Element, works: dict[str, str | None],
                  described: set[str]) -> Iterator[RepertoireWork | ParseIssue]:
    issues: list[ParseIssue] = []
    line = el.sourceline or 0
    iswc = _identifier(issues, "ISWC", _text(el, "MusicalWorkId/ISWC"), line)
    reference = _text(el, "MusicalWorkReference")
    if reference:
        works[reference] = iswc
    title = _text(el, "ReferenceTitle/TitleText", "MusicalWorkDetailsByTerritory/Title/TitleText")
    if title is None:
        yield from issues
        yield ParseIssue(line, "ReferenceTitle", "MusicalWork without a title: skipped", reference)
        return
    writers, publishers = _parties(issues, (
        (_text(c, "PartyName/FullName"), _text(c, "PartyId/IPI"),
         _role(_first(c, "MusicalWorkContributorRole")), c.sourceline)
        for c in el.iter("{*}MusicalWorkContributor")))
    yield from issues
    if iswc:
        described.add(iswc)
    yield RepertoireWork(line=line, title=title, iswc=iswc, ref=_text(el, "MusicalWorkId/ProprietaryId"),
                         writers=writers, publishers=publishers,
                         extra={"shares": _SHARES_NOTE, "format": "ddex-ern"})


def _parties(issues: list[ParseIssue], contributors) -> tuple[tuple[RepertoireParty, ...],
                                                              tuple[RepertoireParty, ...]]:
    """Writers and publishers among ``(name, ipi, role, line)`` contributors (other roles are
    performers or technicians, not right holders), deduplicated on (name, role code)."""
    writers: dict[tuple[str, str], RepertoireParty] = {}
    publishers: dict[tuple[str, str], RepertoireParty] = {}
    for name, ipi, role, line in contributors:
        if role in WRITER_ROLES:
            kind, code, target = "writer", WRITER_ROLES[role], writers
        elif role in PUBLISHER_ROLES:
            kind, code, target = "publisher", PUBLISHER_ROLES[role], publishers
        else:
            continue
        if name and (name, code) not in target:
            target[(name, code)] = RepertoireParty(kind=kind, name=name, role=code,
                                                   ipi=_identifier(issues, "IPI", ipi, line))
    return tuple(writers.values()), tuple(publishers.values())


def _sound_recording(el: etree._Element, index: _Index, works: dict[str, str | None],
                     described: set[str]) -> Iterator[RepertoireRecording | RepertoireWork | ParseIssue]:
    issues: list[ParseIssue] = []
    line = el.sourceline or 0
    reference = _text(el, "ResourceReference")
    title = _text(el, "ReferenceTitle/TitleText", "DisplayTitleText", "DisplayTitle/TitleText",
                  "SoundRecordingDetailsByTerritory/Title/TitleText")
    if title is None:
        yield ParseIssue(line, "ReferenceTitle", "SoundRecording without a title: skipped", reference)
        return
    isrc = _identifier(issues, "ISRC", _text(el, "SoundRecordingId/ISRC", "SoundRecordingEdition/ResourceId/ISRC",
                                             "ResourceId/ISRC"), line)
    iswc_text = _text(el, "IndirectSoundRecordingId/ISWC", "WorkId/ISWC")
    work_ref = _text(el, "ResourceMusicalWorkReferenceList/ResourceMusicalWorkReference/ResourceMusicalWorkReference")
    iswc = _identifier(issues, "ISWC", iswc_text, line) if iswc_text else works.get(work_ref or "")
    duration = _duration(issues, _text(el, "Duration"), line)
    contributors = _contributors(el, index)
    upc, release_label = index.releases.get(reference or "", (None, None))
    if iswc and iswc not in described:
        described.add(iswc)
        writers, publishers = _parties(issues, ((name, ipi, role, line) for name, role, ipi in contributors))
        yield from issues
        yield RepertoireWork(line=line, title=title, iswc=iswc, writers=writers, publishers=publishers,
                             extra={"shares": _SHARES_NOTE, "format": "ddex-ern", "derivedFrom": reference})
    else:
        yield from issues
    yield RepertoireRecording(
        line=line, title=title, isrc=isrc, duration_seconds=duration, artists=_artists(el, index),
        work_iswc=iswc, work_ref=work_ref or _text(el, "WorkId/ProprietaryId"),
        label=_text(el, "SoundRecordingDetailsByTerritory/LabelName") or release_label, upc=upc,
        contributors=tuple((name, role) for name, role, _ in contributors))


def _duration(issues: list[ParseIssue], value: str | None, line: int) -> int | None:
    seconds = seconds_of(value) if value is not None else None
    if value is not None and seconds is None:
        issues.append(ParseIssue(line, "Duration", "not an ISO 8601 duration like PT3M21S", value))
    return seconds


def _artists(el: etree._Element, index: _Index) -> tuple[str, ...]:
    """Display artists by SequenceNumber: ERN 4 references parties; ERN 3 names them in the
    first territory block that has any (later blocks are territorial variants)."""
    found = [(a, index.parties.get(_text(a, "ArtistPartyReference") or "", (None,))[0])
             for a in _path(el, "DisplayArtist")]
    if not found:
        for block in _path(el, "SoundRecordingDetailsByTerritory"):
            found = [(a, _text(a, "PartyName/FullName")) for a in _path(block, "DisplayArtist")]
            if found:
                break
    named = sorted(((_sequence(a), i, name) for i, (a, name) in enumerate(found) if name))
    if named:
        return tuple(dict.fromkeys(name for _, _, name in named))
    fallback = _text(el, "DisplayArtistName", "SoundRecordingDetailsByTerritory/DisplayArtistName")
    return (fallback,) if fallback else ()


def _sequence(el: etree._Element) -> int:
    value = el.get("SequenceNumber", "")
    return int(value) if value.isdigit() else 1 << 30


def _contributors(el: etree._Element, index: _Index) -> list[tuple[str, str, str | None]]:
    """``(name, role, ipi)`` of every contributor, deduplicated across territory blocks:
    ERN 4 ``Contributor`` (a party reference, possibly several roles), ERN 3
    ``ResourceContributor`` / ``IndirectResourceContributor`` (composers, lyricists, publishers)."""
    out: dict[tuple[str, str], str | None] = {}
    for contributor in _path(el, "Contributor"):
        name, ipi = index.parties.get(_text(contributor, "ContributorPartyReference") or "", (None, None))
        for role in _path(contributor, "Role"):
            if name and _role(role):
                out.setdefault((name, _role(role)), ipi)
    for block in _path(el, "SoundRecordingDetailsByTerritory"):
        for tag in ("ResourceContributor", "IndirectResourceContributor"):
            for contributor in _path(block, tag):
                name = _text(contributor, "PartyName/FullName")
                role = _role(_first(contributor, tag + "Role"))
                if name and role:
                    out.setdefault((name, role), _text(contributor, "PartyId/IPI"))
    return [(name, role, ipi) for (name, role), ipi in out.items()]
