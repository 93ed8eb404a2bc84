"""Currency conversion of statement lines (app.services.fx) and the exact-identifier helpers of
line matching that need no database (app.services.line_matching, control_totals)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, localcontext

import pytest

from app.money import CumulativeRounder
from app.services.control_totals import amount_matches
from app.services.fx import Converter, InvalidRates, parse_rate_spec, parse_rates
from app.services.line_matching import LineIds, gtin_forms
from importers.records import ParseIssue, StatementLine

TODAY = dt.date(2024, 7, 1)


def line(n: int, gross: str, currency: str, **kw) -> StatementLine:
    fields = dict(line=n, source="bandcamp", source_label="Bandcamp", usage_type="download", right_type="master",
                  territory="GB", period="2024-06", reported_on=None, units=1, gross=Decimal(gross),
                  currency=currency, isrc=None, upc=None, title="Song", artist="Artist", extra={})
    return StatementLine(**{**fields, **kw})


def test_parse_rates_defaults_and_exact_values():
    rates = parse_rates([{"from": "gbp", "rate": "1.27120000000000000001"},
                         {"from": "EUR", "to": "USD", "rate": Decimal("1.0834"), "source": "ECB", "date": "2024-06-28"}],
                        "USD", today=TODAY)
    assert [(r.from_, r.to, r.rate, r.source, r.date) for r in rates] == [
        ("GBP", "USD", Decimal("1.27120000000000000001"), "manual", TODAY),
        ("EUR", "USD", Decimal("1.0834"), "ECB", dt.date(2024, 6, 28))]
    assert rates[0].props()["rate"] == "1.27120000000000000001"


def test_parse_rates_reports_every_bad_entry_at_once():
    with pytest.raises(InvalidRates) as raised:
        parse_rates([{"from": "ZZZ", "rate": "1"}, {"from": "GBP", "to": "EUR", "rate": "1.1"},
                     {"from": "EUR", "rate": 1.08}, {"from": "EUR", "rate": "-2", "date": "28/06/2024"},
                     {"from": "USD", "rate": "1"}, "GBP:USD:1.2"], "USD", today=TODAY)
    errors = raised.value.errors
    assert set(errors) == {"0.from", "1.to", "2.rate", "3.from", "3.rate", "3.date", "4.from", "5"}
    assert "USD" in errors["1.to"][0]  # rates go into the statement currency only
    assert "more than one rate from EUR" in errors["3.from"][0]
    assert "rates[2.rate]" in str(raised.value)


def test_parse_rate_spec():
    assert parse_rate_spec("GBP:USD:1.2712:ECB:2024-06-28", "USD") == {
        "from": "GBP", "to": "USD", "rate": "1.2712", "source": "ECB", "date": "2024-06-28"}
    assert parse_rate_spec("GBP::1.2712", "USD") == {"from": "GBP", "to": "USD", "rate": "1.2712"}
    with pytest.raises(InvalidRates):
        parse_rate_spec("GBP=1.27", "USD")


def test_conversion_is_exact_and_rounded_once_over_the_statement():
    converter = Converter([{"from": "GBP", "to": "USD", "rate": "1.2712"}], "USD")
    rounder = CumulativeRounder()
    batch = [line(2, "0.000000333", "GBP"), line(3, "0.000000333", "GBP"), line(4, "-0.10", "USD"),
             line(5, "7.5", "EUR"), ParseIssue(6, "amount", "not a number", "x"), line(7, "0.000000333", "GBP")]
    lines, issues = converter.money_lines(batch, rounder)
    # 0.000000333 × 1.2712 = 0.0000004233096 each: running totals 0.42, 0.85, …: micro 0, 1, then -0.1 USD
    assert [(ln.line, micro) for ln, micro in lines] == [(2, 0), (3, 1), (4, -100_000), (7, 0)]
    assert rounder.exact_total == Decimal("0.0000004233096") * 3 - Decimal("0.10")
    assert rounder.micro_total == -99_999
    assert [(i.line, i.field, i.raw) for i in issues] == [(5, "currency", "EUR"), (6, "amount", "x")]
    assert "no exchange rate from EUR to USD" in issues[0].message
    assert converter.original_fields(lines[0][0]) == {"originalCurrency": "GBP", "originalGross": "0.000000333",
                                                      "fxRate": "1.2712"}
    assert converter.original_fields(lines[2][0])["fxRate"] is None


def test_a_thirty_digit_amount_times_a_twenty_six_digit_rate_stays_exact():
    rate, gross = "1.0834000000000000000000001", "0.09252368041754549999372840213"  # a Spotify amount
    with localcontext(prec=200):
        expected = Decimal(gross) * Decimal(rate)
    assert len(expected.as_tuple().digits) > 28  # more than the default context would keep
    assert Converter([{"from": "EUR", "to": "USD", "rate": rate}], "USD").convert(line(2, gross, "EUR")) == expected


@pytest.mark.parametrize(("code", "forms"), [
    ("093624920472", ["093624920472", "0093624920472", "00093624920472"]),
    ("0 93624 92047-2", ["093624920472", "0093624920472", "00093624920472"]),
    ("4044693784409", ["4044693784409", "04044693784409"]),
    ("UPC-12", []),
])
def test_gtin_forms(code, forms):
    assert gtin_forms(code) == forms


def test_line_ids_of_a_statement_line():
    ids = LineIds.of(line(9, "1", "USD", right_type="performance", upc="0123", isrc="GBAYE0601498",
                          extra={"iswc": "T-070.247.279-4", "track_number": " 3 "}))
    assert (ids.key, ids.isrc, ids.upc, ids.track_number, ids.iswc, ids.publishing) == (
        9, "GBAYE0601498", "0123", 3, "T-070.247.279-4", True)
    several = LineIds.of(line(9, "1", "USD", right_type="sync", extra={"iswc": "T-070.247.279-4|T-910.924.731-6"}))
    assert (several.iswc, several.publishing) == (None, False)  # a medley names no one work
    assert LineIds.of(line(9, "1", "USD", right_type="sync", extra={"iswc": "T-070.247.279-4"})).publishing


@pytest.mark.parametrize(("declared", "imported", "ok"), [
    ("114.58", "114.5832", True), ("114.58", "114.585", True), ("114.58", "114.5851", False),
    ("63.41", "198.88", False), ("21.8748", "21.8748", True), ("10", "10.4", True), ("10", "10.5", True),
    ("11", "10.5", False), ("-3.50", "-3.5", True),
])
def test_amount_matches_at_the_declared_precision(declared, imported, ok):
    assert amount_matches(Decimal(declared), Decimal(imported)) is ok
