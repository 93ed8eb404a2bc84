"""The pure partner-report writers (app.exports): exact output for small inputs; the DDEX-DSR
file read back by our DSR reader's layouts with its control totals checked."""
import datetime as dt
import io
from decimal import Decimal

from app.exports import csv_baseline, cwr_snapshot, ddex_dsr
from importers.identifiers import normalize_iswc
from importers.statements.dsr_radio import read_radio_report

UTC = dt.timezone.utc
PLAYS = [
    {"playId": "PLY-000001", "stationId": "STN-000001", "stationName": "Joy FM", "isrc": "USRC17607839",
     "playedAt": dt.datetime(2025, 1, 5, 8, 30, tzinfo=UTC), "iswc": "T0345246801", "title": "Hello, World",
     "artist": "Ann", "durationSeconds": 200, "confidence": 1.0, "grossMicro": 1_000_000, "feeMicro": 150_000,
     "netMicro": 850_000, "lineItemId": "CYC-000001:1", "workId": "WRK-000001", "recordingId": "REC-000001"},
    {"playId": "PLY-000002", "stationId": "STN-000002", "stationName": "Citi 97.3",
     "playedAt": dt.datetime(2025, 1, 6, 9, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))), "isrc": None,
     "iswc": "T0345246801", "title": "Hello, World", "artist": None, "durationSeconds": 180, "confidence": 0.92,
     "grossMicro": 333_333, "feeMicro": 50_000, "netMicro": 283_333, "lineItemId": "CYC-000001:2",
     "workId": "WRK-000001", "recordingId": None},
]


def test_csv_baseline_exact_rows_and_totals():
    out = io.StringIO(newline="")
    assert csv_baseline.write_csv(PLAYS, "USD", out) == 2
    assert out.getvalue().split("\r\n") == [
        "station,played_at,isrc,iswc,title,artist,duration_seconds,gross,fee,net,currency,confidence,station_id,"
        "line_item_id,work_id,recording_id,play_id",
        "Joy FM,2025-01-05T08:30:00Z,USRC17607839,T0345246801,\"Hello, World\",Ann,200,1.000000,0.150000,0.850000,"
        "USD,1.0,STN-000001,CYC-000001:1,WRK-000001,REC-000001,PLY-000001",
        "Citi 97.3,2025-01-06T08:00:05Z,,T0345246801,\"Hello, World\",,180,0.333333,0.050000,0.283333,USD,0.92,"
        "STN-000002,CYC-000001:2,WRK-000001,,PLY-000002",
        "",
    ]


def test_csv_baseline_empty_is_header_only():
    out = io.StringIO(newline="")
    assert csv_baseline.write_csv([], "GHS", out) == 0
    assert out.getvalue() == ",".join(csv_baseline.COLUMNS) + "\r\n"


MESSAGE = ddex_dsr.Message(
    message_id="EXP-000007", created=dt.datetime(2025, 4, 2, 10, 0, tzinfo=UTC), usage_start=dt.date(2025, 1, 1),
    usage_end=dt.date(2025, 3, 31), sender_dpid="PADPIDA0000000000R", sender_name="Rightsgraph",
    recipient_name="ASCAP", recipient_dpid=None, territory="GH", currency="GHS")
RESOURCES = [
    ddex_dsr.UsedResource(
        line_item_id="CYC-000001:1", resource_id="REC-000001", title="Hello|World", artist="Ann", isrc="USRC17607839",
        iswc="T-034.524.680-1", work_id="WRK-000001", duration_seconds=200, admin_fee_percent="15",
        composers=("Ann Writer", "Bo Writer"), publishers=("Pub Co",),
        usages=(ddex_dsr.StationUsage("STN-000001", "Joy FM", 2, 400, 2_000_000, 300_000, 1_700_000),
                ddex_dsr.StationUsage("STN-000002", "Citi 97.3", 1, 200, 1_000_001, 150_000, 850_001))),
    ddex_dsr.UsedResource(
        line_item_id="CYC-000001:2", resource_id="WRK-000002", title="Solo", artist="", isrc=None, iswc=None,
        work_id="WRK-000002", duration_seconds=3725, admin_fee_percent="12.5",
        usages=(ddex_dsr.StationUsage("STN-000001", "Joy FM", 3, 540, 3_000_000, 375_000, 2_625_000),)),
]


def test_dsr_exact_records():
    lines = list(ddex_dsr.write_dsr(MESSAGE, RESOURCES))
    cells = [line.split("\t") for line in lines]
    assert [c[0] for c in cells] == ["HEAD", "SY08", "SY08", "SY08", "AS02.01", "SU05", "SU05", "AS02.01", "SU05",
                                     "FOOT"]
    assert cells[0][:15] == ["HEAD", "dsrf/30", "RadioBroadcastProfile", "1.0", "EXP-000007", "2025-04-02T10:00:00Z",
                             "1", "1", "2025-01-01", "2025-03-31", "PADPIDA0000000000R", "Rightsgraph", "Radio", "",
                             "ASCAP"]
    assert lines[2] == "\t".join([
        "SY08", "2", "", "", "Radio", "Citi 97.3", "PerformanceRoyaltiesModel", "Broadcast", "GH", "1", "", "0", "GHS",
        "1.000001", "", "ASCAP", "", "1.000001", "PerformingRight", "0.850001", "1",
        "LineItem=CYC-000001:1;StationId=STN-000002;AdminFee=0.150000;AdminFeePercent=15;DurationSeconds=200"])
    assert lines[4] == "\t".join([
        "AS02.01", "1", "SR1", "REC-000001", "USRC17607839", "Hello\\|World", "", "Ann", "", "PT3M20S",
        "SoundRecording", "T0345246801", "Ann Writer|Bo Writer", "", "", "", "Pub Co", "", "", "",
        "RIGHTSGRAPH::WRK-000001"])
    assert lines[6] == "\t".join(["SU05", "1", "2", "CYC-000001:1/STN-000002", "SR1", "true", "1", "", ""])
    assert cells[7][9] == "PT1H2M5S"
    assert lines[-1] == "\t".join(["FOOT", "10", "10", "3", "2", "2"])


def test_dsr_read_back_totals_match(tmp_path):
    path = tmp_path / ddex_dsr.dsr_filename(MESSAGE)
    path.write_text("\n".join(ddex_dsr.write_dsr(MESSAGE, RESOURCES)) + "\n", encoding="utf-8")
    report = read_radio_report(path)
    assert report.mismatches == ()
    assert report.allocated_revenue == {"GHS": Decimal("6.000001")}  # Σ line item gross
    assert report.allocated_net_revenue == {"GHS": Decimal("5.175001")}  # Σ line item net
    assert [u.get("NumberOfBroadcasts") for u in report.usages] == ["2", "1", "3"]
    assert report.usages[0].get("SalesTransactionId") == "CYC-000001:1/STN-000001"
    assert path.name == "DSR_PADPIDA0000000000R_ASCAP_Radio_2025-01-01--2025-03-31_GH_1of1_20250402T100000.tsv"


def test_dsr_read_back_finds_a_wrong_count(tmp_path):
    lines = list(ddex_dsr.write_dsr(MESSAGE, RESOURCES))
    lines[5] = lines[5].replace("\t2\t\t", "\t5\t\t")  # the first SU05 now claims 5 broadcasts
    lines.insert(3, "#a comment counts as a line")
    path = tmp_path / "bad.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checks = {(m.check, m.declared, m.imported) for m in read_radio_report(path).mismatches}
    assert checks == {("NumberOfLinesInFile", 10, 11), ("NumberOfLinesInReport", 10, 11),
                      ("NumberOfBroadcasts", 2, 5)}


def test_dsr_nil_report_is_valid(tmp_path):
    path = tmp_path / "nil.tsv"
    path.write_text("\n".join(ddex_dsr.write_dsr(MESSAGE, [])) + "\n", encoding="utf-8")
    report = read_radio_report(path)
    assert report.mismatches == ()
    assert len(report.summaries) == 1 and report.summaries[0].get("NumberOfBroadcasts") == "0"
    assert report.allocated_revenue == {"GHS": Decimal("0")}


def test_iso_duration():
    assert [ddex_dsr.iso_duration(s) for s in (None, 0, 59, 60, 3600, 3661)] == [
        "PT0S", "PT0S", "PT59S", "PT1M0S", "PT1H0S", "PT1H1M1S"]


WORK_ROW = {
    "workId": "WRK-000001", "title": "HELLO WORLD", "iswc": "T0345246801", "alternateTitles": ["HI WORLD"],
    "durationSeconds": 200,
    "claims": [
        {"name": "PUB CO", "kinds": ["publisher"], "role": "E", "ipi": "00014107338", "prShare": 500_000,
         "mrShare": 1_000_000, "srShare": 1_000_000, "prSociety": "010", "controlled": True},
        {"name": "WRITER ANN", "kinds": ["writer"], "role": "CA", "ipi": "00052210040", "prShare": 333_333,
         "mrShare": 0, "srShare": 0, "prSociety": "010", "controlled": True},
        {"name": "WRITER BO", "kinds": ["writer"], "role": None, "ipi": None, "prShare": 166_667, "mrShare": 0,
         "srShare": 0, "prSociety": None, "controlled": False},
    ],
    "recordings": [{"isrc": "USRC17607839", "title": "Hello World", "durationSeconds": 200}],
}


def test_cwr_snapshot_work_from_claims():
    work = cwr_snapshot.snapshot_work(WORK_ROW)
    assert (work.ref, work.iswc, work.title, work.alternate_titles) == (
        "WRK-000001", "T0345246801", "HELLO WORLD", ("HI WORLD",))
    assert [(p.name, p.role, p.pr_share, p.mr_share, p.controlled) for p in work.publishers] == [
        ("PUB CO", "E", Decimal("50"), Decimal("100"), True)]
    assert [(p.name, p.ipi, p.pr_share, p.controlled) for p in work.writers] == [
        ("WRITER ANN", "00052210040", Decimal("33.3333"), True), ("WRITER BO", None, Decimal("16.6667"), False)]
    assert [(r.isrc, r.duration_seconds, r.work_ref) for r in work.recordings] == [("USRC17607839", 200, "WRK-000001")]


def test_cwr_filename():
    assert cwr_snapshot.cwr_filename(dt.date(2025, 4, 2), 10_007, "RGH", "ASCAP") == "CW250007RGH_ASCAP.V21"


def test_cwr_snapshot_round_trip(tmp_path):
    from importers.repertoire import cwr
    from importers.repertoire.records import RepertoireWork

    lines = cwr_snapshot.write_snapshot([WORK_ROW], {"name": "RIGHTSGRAPH", "code": "RGH", "type": "SO"},
                                        dt.datetime(2025, 4, 2, 10, 0, tzinfo=UTC))
    path = tmp_path / "CW250001RGH_ASCAP.V21"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="latin-1")
    parsed = list(cwr.parse(path))
    works = [r for r in parsed if isinstance(r, RepertoireWork)]
    assert [r for r in parsed if not isinstance(r, RepertoireWork)] == []
    assert [(w.ref, normalize_iswc(w.iswc), w.title) for w in works] == [
        ("WRK-000001", normalize_iswc("T0345246801"), "HELLO WORLD")]
    assert sorted((p.name, p.pr_share) for p in works[0].writers) == [
        ("WRITER ANN", Decimal("33.33")), ("WRITER BO", Decimal("16.67"))]  # CWR keeps 2 decimals
    assert [(p.name, p.pr_share, p.mr_share) for p in works[0].publishers] == [
        ("PUB CO", Decimal("50"), Decimal("100"))]
