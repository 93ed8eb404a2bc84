"""The DDEX ERN parser on every real sample (../shared/fixtures/real/ddex-ern, ERN 3.5 to 4.3):
concrete ISRCs, titles, durations, artists, labels and UPCs from the files; works from an ERN 3
WorkList and from an ERN 4 WorkId; malformed XML as a line-numbered issue; non-ERN XML refused."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from importers.records import FormatError, ParseIssue
from importers.repertoire.ern import parse
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork
from tests.fixtures_paths import REAL

ERN = REAL / "ddex-ern"


def _kinds(items) -> Counter:
    return Counter(type(i).__name__ for i in items)


def _recordings(path) -> list[RepertoireRecording]:
    return [i for i in parse(path) if isinstance(i, RepertoireRecording)]


def test_ern_35_audio_single():
    items = list(parse(ERN / "ern35" / "AudioSingle_10.xml"))
    assert items == [RepertoireRecording(
        line=30, title="Can you feel ...the Monkey Claw!", isrc="CASE00000001", duration_seconds=811,
        artists=("Monkey Claw",), label="Iron Crown Music")]  # PT13M31S; the release has no ICPN


def test_ern_37_umg_album_carries_the_release_upc_and_composers():
    recordings = _recordings(ERN / "ern37" / "00602557190298.xml")
    assert [r.isrc for r in recordings] == ["USUM71804534", "USUM71804535", "USUM71804536", "USUM71804537"]
    first = recordings[0]
    assert (first.title, first.duration_seconds, first.artists, first.label, first.upc) == (
        "Two Miles of Bad Road", 180, ("Backfire Betty & The Mufflers",), "Interscope", "00602557190298")
    assert first.contributors == (("John Smith", "ComposerLyricist"),)


def test_ern_382_classical_album_keeps_recordings_whose_iswc_fails_its_check():
    items = list(parse(ERN / "ern382" / "Profile_DigitalClassicalAudioAlbum_MulitPartWork.xml"))
    assert _kinds(items) == {"RepertoireRecording": 12, "ParseIssue": 13}
    issues = [i for i in items if isinstance(i, ParseIssue)]
    # the sample's placeholder ICPN and ISWC fail their check digits: reported, never raised
    assert issues[0] == ParseIssue(926, "UPC", issues[0].message, "0000000000900")
    assert "check digit must be 1" in issues[0].message
    assert issues[1] == ParseIssue(29, "ISWC", issues[1].message, "T1234567890")
    first = next(i for i in items if isinstance(i, RepertoireRecording))
    assert first.isrc == "CASE00000901" and first.work_iswc is None and first.upc is None
    assert first.title.startswith("The Four Seasons, Concerto No. 1 in E")
    assert first.duration_seconds == 194  # PT3M14S
    assert first.artists == ("Antonio Vivaldi", "Ludwig von Edwig", "The Streatham Philharmonic Orchestra")
    assert first.contributors == (("Steve Albino", "Producer"), ("Antonio Vivaldi", "Composer"))
    assert first.label == "Uriel Records"


@pytest.mark.parametrize("name, isrc, title, seconds, artist, label, upc", [
    ("01_delivery.xml", "USRC12345678", "Example Song", 225, "DJ Theo", "Label Name, Inc.", None),
    ("02_update.xml", "USRC12345678", "Updated Example Song", 225, "DJ Theo", "Label Name, Inc.", None),
    ("album_basic.xml", "USRC12345678", "Example Song", 225, "DJ Theo", "Label Name, Inc.", None),
    ("Profile_Ringtone.xml", "CASE00000012", "Warhammer", 30, "Monkey Claw", "Iron Crown Music", None),
    ("Profile_SingleResourceRelease.xml", "CASE00000001", "Can you feel ...the Monkey Claw!", 811, "Monkey Claw",
     "Iron Crown Music", None),
    ("dealTypes.xml", "CASE00000001", "Can you feel ...the Monkey Claw!", 811, "Monkey Claw", "Iron Crown Music",
     "721620118165"),
])
def test_ern_382_samples(name, isrc, title, seconds, artist, label, upc):
    first = _recordings(ERN / "ern382" / name)[0]
    assert (first.isrc, first.title, first.duration_seconds, first.artists[0], first.label, first.upc) == (
        isrc, title, seconds, artist, label, upc)


def test_ern_382_purge_message_has_no_repertoire():
    assert list(parse(ERN / "ern382" / "03_delete.xml")) == []


@pytest.mark.parametrize("folder", ["ern42", "ern43"])
def test_ern_4x_simple_audio_single_resolves_parties(folder):
    assert _recordings(ERN / folder / "4 SimpleAudioSingle.xml") == [RepertoireRecording(
        line=48, title="RIOPY: I Love You", isrc="GBAYC1700598", duration_seconds=264, artists=("RIOPY",),
        label="Warner Classics", contributors=(("RIOPY", "Artist"),))]


def test_ern_42_ringtone():
    [ringtone] = _recordings(ERN / "ern42" / "6 Ringtone.xml")
    assert (ringtone.isrc, ringtone.title, ringtone.duration_seconds, ringtone.artists, ringtone.label) == (
        "USWB11700001", "Middle of a Memory", 30, ("Cole Swindell",), "Warner Bros./Nashville")


def test_ern_43_mixed_media_skips_videos_images_and_texts():
    items = list(parse(ERN / "ern43" / "3 MixedMedia.xml"))
    assert _kinds(items) == {"RepertoireRecording": 14, "ParseIssue": 1}
    recordings = [i for i in items if isinstance(i, RepertoireRecording)]
    assert recordings[0].title == "1000 Träume weit (Tornero)" and recordings[0].isrc == "DEC610900439"
    assert recordings[0].duration_seconds == 250 and recordings[0].label == "EMI"  # PT4M10S; ReleaseLabelReference
    assert items[0].field == "UPC" and items[0].raw == "05099907138655"


def test_ern_43_dj_mix_recordings_without_isrc_are_kept():
    recordings = _recordings(ERN / "ern43" / "8 DjMix.xml")
    assert len(recordings) == 9 and recordings[0].isrc == "USWE34255410"
    assert [r.title for r in recordings if r.isrc is None][:2] == ["Fall Back 2U", "Giant"]
    assert recordings[1].artists == ("Chromeo",) and recordings[1].duration_seconds == 76


def test_ern_43_classical_variant():
    recordings = _recordings(ERN / "ern43" / "Variant Classical.xml")
    assert len(recordings) == 12
    first = recordings[0]
    assert (first.isrc, first.duration_seconds, first.label) == ("DE0000311111", 201, "Deutsche Grammophon")
    assert first.artists == ("The English Concert", "Simon Standage", "Trevor Pinnock")
    assert ("Antonio Vivaldi", "Composer") in first.contributors


@pytest.mark.parametrize("path", [ERN / "ern411" / "2 Video.xml", ERN / "ern43" / "2 Video.xml"])
def test_video_only_messages_yield_nothing(path):
    assert list(parse(path)) == []


_ERN3_WITH_WORKS = """<?xml version="1.0" encoding="UTF-8"?>
<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/37" MessageSchemaVersionId="ern/37">
  <MessageHeader><MessageId>1</MessageId></MessageHeader>
  <WorkList>
    <MusicalWork>
      <MusicalWorkId><ISWC>T-034.524.680-1</ISWC><ProprietaryId Namespace="PADPIDA1">W-77</ProprietaryId></MusicalWorkId>
      <MusicalWorkReference>W1</MusicalWorkReference>
      <ReferenceTitle><TitleText>Sunrise Accra</TitleText></ReferenceTitle>
      <MusicalWorkContributor>
        <PartyName><FullName>Ama Mensah</FullName></PartyName>
        <PartyId><IPI>00523467163</IPI></PartyId>
        <MusicalWorkContributorRole>ComposerLyricist</MusicalWorkContributorRole>
      </MusicalWorkContributor>
      <MusicalWorkContributor>
        <PartyName><FullName>Coastline Songs</FullName></PartyName>
        <MusicalWorkContributorRole>MusicPublisher</MusicalWorkContributorRole>
      </MusicalWorkContributor>
    </MusicalWork>
  </WorkList>
  <ResourceList>
    <SoundRecording>
      <SoundRecordingId><ISRC>GH-A0C-24-00001</ISRC></SoundRecordingId>
      <ResourceMusicalWorkReferenceList>
        <ResourceMusicalWorkReference><ResourceMusicalWorkReference>W1</ResourceMusicalWorkReference></ResourceMusicalWorkReference>
      </ResourceMusicalWorkReferenceList>
      <ResourceReference>A1</ResourceReference>
      <ReferenceTitle><TitleText>Sunrise Accra</TitleText></ReferenceTitle>
      <Duration>PT3M20.6S</Duration>
      <SoundRecordingDetailsByTerritory>
        <TerritoryCode>Worldwide</TerritoryCode>
        <DisplayArtist SequenceNumber="2"><PartyName><FullName>Kofi B</FullName></PartyName></DisplayArtist>
        <DisplayArtist SequenceNumber="1"><PartyName><FullName>Ama Mensah</FullName></PartyName></DisplayArtist>
      </SoundRecordingDetailsByTerritory>
    </SoundRecording>
  </ResourceList>
  <ReleaseList>
    <Release><ReleaseId><ICPN>859385012012</ICPN></ReleaseId>
      <ReleaseResourceReferenceList><ReleaseResourceReference>A1</ReleaseResourceReference></ReleaseResourceReferenceList>
      <ReleaseDetailsByTerritory><LabelName>Accra Beats</LabelName></ReleaseDetailsByTerritory>
    </Release>
  </ReleaseList>
</ern:NewReleaseMessage>
"""


def test_ern_3_work_list_gives_works_and_links_recordings(tmp_path):
    path = tmp_path / "works.xml"
    path.write_text(_ERN3_WITH_WORKS, "utf-8")
    work, recording = list(parse(path))
    assert work == RepertoireWork(
        line=5, title="Sunrise Accra", iswc="T-034.524.680-1", ref="W-77",
        writers=(RepertoireParty(kind="writer", name="Ama Mensah", role="CA", ipi="00523467163"),),
        publishers=(RepertoireParty(kind="publisher", name="Coastline Songs", role="E"),))
    assert work.writers[0].pr_share == Decimal(0) and "no ownership shares" in work.extra["shares"]
    assert recording == RepertoireRecording(
        line=21, title="Sunrise Accra", isrc="GHA0C2400001", duration_seconds=201, artists=("Ama Mensah", "Kofi B"),
        work_iswc="T-034.524.680-1", work_ref="W1", label="Accra Beats", upc="859385012012")


_ERN4_WITH_WORK_ID = """<?xml version="1.0"?>
<NewReleaseMessage xmlns="http://ddex.net/xml/ern/43">
  <PartyList>
    <Party><PartyReference>PA</PartyReference><PartyName><FullName>Ama Mensah</FullName></PartyName>
      <PartyId><IPI>00523467199</IPI></PartyId></Party>
  </PartyList>
  <ResourceList>
    <SoundRecording>
      <ResourceReference>A1</ResourceReference>
      <SoundRecordingEdition><ResourceId><ISRC>NOT-AN-ISRC</ISRC></ResourceId></SoundRecordingEdition>
      <WorkId><ISWC>T0345246801</ISWC></WorkId>
      <DisplayTitleText>Sunrise Accra</DisplayTitleText>
      <DisplayArtist SequenceNumber="1"><ArtistPartyReference>PA</ArtistPartyReference></DisplayArtist>
      <Contributor><ContributorPartyReference>PA</ContributorPartyReference><Role>Composer</Role><Role>Lyricist</Role></Contributor>
      <Duration>P1M</Duration>
    </SoundRecording>
  </ResourceList>
</NewReleaseMessage>
"""


def test_ern_4_work_id_derives_a_work_and_reports_bad_identifiers(tmp_path):
    path = tmp_path / "ern4.xml"
    path.write_text(_ERN4_WITH_WORK_ID, "utf-8")
    items = list(parse(path))
    issues = [i for i in items if isinstance(i, ParseIssue)]
    # a default (un-prefixed) ERN namespace works too; the party's IPI fails its mod-101 check
    assert [(i.line, i.field, i.raw) for i in issues] == [
        (4, "IPI", "00523467199"), (8, "ISRC", "NOT-AN-ISRC"), (8, "Duration", "P1M")]
    work, recording = [i for i in items if not isinstance(i, ParseIssue)]
    assert (work.iswc, work.title, work.extra["derivedFrom"]) == ("T-034.524.680-1", "Sunrise Accra", "A1")
    assert [(w.name, w.role, w.ipi) for w in work.writers] == [("Ama Mensah", "C", None), ("Ama Mensah", "A", None)]
    assert (recording.isrc, recording.work_iswc, recording.artists, recording.duration_seconds) == (
        None, "T-034.524.680-1", ("Ama Mensah",), None)
    assert recording.contributors == (("Ama Mensah", "Composer"), ("Ama Mensah", "Lyricist"))


def test_truncated_message_yields_what_was_read_then_an_issue_with_the_line(tmp_path):
    text = (ERN / "ern37" / "00602557190298.xml").read_text("utf-8")
    cut = text[: text.index("Flatbed Hot Tub Party")]  # inside the 4th SoundRecording
    path = tmp_path / "truncated.xml"
    path.write_text(cut, "utf-8")
    items = list(parse(path))
    assert [i.isrc for i in items[:-1]] == ["USUM71804534", "USUM71804535", "USUM71804536"]
    issue = items[-1]
    assert isinstance(issue, ParseIssue) and issue.field is None and issue.message.startswith("malformed XML")
    assert issue.line == cut.count("\n") + 1


def test_malformed_markup_is_an_issue_at_its_line(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text('<?xml version="1.0"?>\n<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/43">\n'
                    "<ResourceList>\n<SoundRecording></Sound>\n</ResourceList>\n</ern:NewReleaseMessage>\n", "utf-8")
    assert [(i.line, i.field) for i in parse(path)] == [(4, None)]


def test_a_file_that_is_not_xml_is_an_issue_at_line_1(tmp_path):
    path = tmp_path / "works.csv"
    path.write_text("title,iswc\nSunrise,T0345246801\n", "utf-8")
    [issue] = list(parse(path))
    assert issue.line == 1 and issue.message.startswith("malformed XML")


def test_xml_that_is_not_ern_raises_format_error(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', "utf-8")
    with pytest.raises(FormatError) as error:
        list(parse(path))
    assert "not a DDEX ERN message" in str(error.value) and error.value.missing


def test_every_sample_parses_without_raising():
    samples = sorted(ERN.glob("*/*.xml"))
    assert {p.parent.name for p in samples} == {"ern35", "ern37", "ern382", "ern411", "ern42", "ern43"}
    counts = {f"{p.parent.name}/{p.name}": len(_recordings(p)) for p in samples}
    assert sum(counts.values()) == 1 + 4 + 1 + 1 + 12 + 1 + 1 + 1 + 2 + 1 + 1 + 14 + 1 + 9 + 12


def test_external_entities_are_never_resolved(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n'
                    '<NewReleaseMessage xmlns="http://ddex.net/xml/ern/43"><ResourceList><SoundRecording>'
                    "<DisplayTitleText>Song &xxe;</DisplayTitleText></SoundRecording></ResourceList>"
                    "</NewReleaseMessage>\n", "utf-8")
    [recording] = list(parse(path))
    assert recording.title == "Song" and recording.isrc is None
