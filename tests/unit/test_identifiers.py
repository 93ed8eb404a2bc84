"""Unit tests for importers.identifiers: real identifiers, real fixture files, and properties."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importers.identifiers import (
    IdentifierError,
    gtin_check_digit,
    ipi_check_digits,
    is_valid_ipi_name_number,
    is_valid_isni,
    is_valid_isrc,
    is_valid_iswc,
    is_valid_upc,
    isni_check_char,
    iswc_check_digit,
    normalize_ipi_name_number,
    normalize_isrc,
    normalize_iswc,
    validate,
)

REAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real"

needs_fixtures = pytest.mark.skipif(not REAL.is_dir(), reason="shared real fixtures not present")


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


def replace_digit(value: str, position: int, offset: int) -> str:
    """``value`` with the digit at ``position`` moved by ``offset`` (1..9) modulo 10."""
    new = str((int(value[position]) + offset) % 10)
    return value[:position] + new + value[position + 1:]


# --- ISRC -----------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, compact", [
    ("USUM71804501", "USUM71804501"),
    ("us-um7-18-04501", "USUM71804501"),
    ("ISRC US-UM7-18-04501", "USUM71804501"),
    ("GB AYE 69 00531", "GBAYE6900531"),
])
def test_normalize_isrc(raw: str, compact: str) -> None:
    assert normalize_isrc(raw) == compact
    assert is_valid_isrc(raw)


@pytest.mark.parametrize("bad", [
    "", "USUM7180450", "USUM718045011", "1SUM71804501", "USUM7A804501", "USUM718O4501",
    "US_UM71804501",
])
def test_invalid_isrc_shapes(bad: str) -> None:
    assert not is_valid_isrc(bad)
    with pytest.raises(IdentifierError) as info:
        validate("ISRC", bad)
    assert info.value.scheme == "ISRC" and info.value.value == bad and "ISO 3901" in info.value.rule


@needs_fixtures
def test_every_isrc_in_real_ern_and_dsr_files_is_valid() -> None:
    found = set()
    for path in (REAL / "ddex-ern").rglob("*.xml"):
        found.update(re.findall(r"<ISRC>([^<]+)</ISRC>", path.read_text(encoding="utf-8")))
    for path in (REAL / "ddex-dsr").glob("*.tsv"):
        found.update(re.findall(r"\b[A-Z]{2}[A-Z0-9]{3}\d{7}\b", path.read_text(encoding="utf-8")))
    # Sanity: the fixtures hold dozens, including UMG's USUM718045xx and DSR's Marvin Gaye ones.
    assert len(found) > 40 and "USUM71804534" in found and "USSM19803037" in found
    assert all(is_valid_isrc(isrc) for isrc in found)


# --- ISWC -----------------------------------------------------------------------------------

def test_known_real_iswc() -> None:
    assert iswc_check_digit("034524680") == 1
    assert is_valid_iswc("T-034.524.680-1")
    assert is_valid_iswc("T0345246801")
    assert normalize_iswc("t 034 524 680 1") == "T-034.524.680-1"
    assert validate("ISWC", "T0345246801") == "T-034.524.680-1"


@needs_fixtures
def test_real_iswcs_in_ddex_dsr_file() -> None:
    name = "DSR_TEST_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv"
    text = (REAL / "ddex-dsr" / name).read_text(encoding="utf-8")
    iswcs = set(re.findall(r"\bT\d{10}\b", text))
    assert {"T0702472794", "T9109247316"} <= iswcs
    assert all(is_valid_iswc(iswc) for iswc in iswcs)


def test_placeholder_iswc_from_ern_samples_is_rejected() -> None:
    # DDEX samples and CWR test files use T1234567890 as a placeholder; its check digit is 4.
    assert not is_valid_iswc("T1234567890")
    with pytest.raises(IdentifierError) as info:
        validate("ISWC", "T1234567890")
    assert info.value.rule == "check digit must be 4 (ISO 15707)"


@pytest.mark.parametrize("bad", [
    "", "T034524680", "T03452468011", "X0345246801", "T-034.524.68A-1",
])
def test_iswc_bad_shape(bad: str) -> None:
    assert not is_valid_iswc(bad)
    with pytest.raises(IdentifierError):
        normalize_iswc(bad)


@given(digits(9))
def test_generated_iswc_validates(body: str) -> None:
    iswc = f"T{body}{iswc_check_digit(body)}"
    assert is_valid_iswc(iswc)
    assert validate("ISWC", iswc) == normalize_iswc(iswc)


@given(digits(9), st.integers(0, 9), st.integers(1, 9))
def test_iswc_single_digit_corruption(body: str, position: int, offset: int) -> None:
    """ISO 15707's weights 1..9 are not all coprime to 10: moving digit i by δ is invisible
    exactly when i·δ ≡ 0 (mod 10) (e.g. position 2 by 5, position 5 by any even step).
    Every other single-digit change, and every change of the check digit, is caught."""
    iswc = f"T{body}{iswc_check_digit(body)}"
    corrupted = "T" + replace_digit(iswc[1:], position, offset)
    if position == 9:
        assert not is_valid_iswc(corrupted)
    else:
        weight = position + 1
        assert is_valid_iswc(corrupted) == ((weight * offset) % 10 == 0)


def test_iswc_blind_spot_example() -> None:
    # 2nd digit 3 -> 8 (weight 2, step 5): the sum moves by 10, the check digit cannot see it.
    assert is_valid_iswc("T-084.524.680-1")


# --- IPI name number ------------------------------------------------------------------------

def swr_ipi_numbers(path: Path) -> set[str]:
    """Writer IPI name numbers of SWR records (CWR 2.1 positions 116-126)."""
    lines = path.read_text(encoding="latin-1").splitlines()
    return {line[115:126] for line in lines if line.startswith("SWR") and line[115:126].strip("0 ")}


@needs_fixtures
@pytest.mark.parametrize("name", ["CW220001DMP_000.V21", "nwrexample2.V21", "revexample.V21"])
def test_ipi_numbers_of_real_cwr_writers_validate(name: str) -> None:
    ipis = swr_ipi_numbers(REAL / "cwr" / name)
    assert ipis
    assert all(is_valid_ipi_name_number(ipi) for ipi in ipis), ipis


@pytest.mark.parametrize("ipi", ["00000000199", "00000000297", "00000000395", "09000000020"])
def test_ipi_numbers_seen_in_cwr_samples(ipi: str) -> None:
    assert is_valid_ipi_name_number(ipi)
    assert ipi_check_digits(ipi[:9]) == ipi[9:]


def test_ipi_check_is_the_mod_101_complement() -> None:
    # Weighted sum 2 -> 101 - 2 = 99; a plain "sum mod 101" would give 02 and reject real data.
    assert ipi_check_digits("000000001") == "99"
    assert ipi_check_digits("000000000") == "00"
    # 10·9 + 2·6 = 102 ≡ 1 (mod 101): the complement is 100, which the IPI system writes 00.
    assert ipi_check_digits("900000006") == "00"
    assert not is_valid_ipi_name_number("00000000102")


def test_ipi_without_leading_zeros_is_padded() -> None:
    assert normalize_ipi_name_number("199") == "00000000199"
    assert is_valid_ipi_name_number("199")
    assert validate("IPI", "000 000 001 99") == "00000000199"


@pytest.mark.parametrize("bad", ["", "123456789012", "0000000019A", "00000000198"])
def test_invalid_ipi(bad: str) -> None:
    assert not is_valid_ipi_name_number(bad)
    with pytest.raises(IdentifierError) as info:
        validate("IPI", bad)
    assert info.value.scheme == "IPI"


@given(digits(9))
def test_generated_ipi_validates(body: str) -> None:
    assert is_valid_ipi_name_number(body + ipi_check_digits(body))


@given(digits(9), st.integers(0, 10), st.integers(1, 9))
def test_ipi_single_digit_corruption_is_caught(body: str, position: int, offset: int) -> None:
    ipi = body + ipi_check_digits(body)
    assert not is_valid_ipi_name_number(replace_digit(ipi, position, offset))


# --- UPC / EAN ------------------------------------------------------------------------------

@pytest.mark.parametrize("upc", [
    "093624920472",     # UPC-A, WMG sample (DDEX ERN 4.3 SimpleAudioSingle)
    "190295810726",     # UPC-A, WMG Ringtone sample (ERN 4.2)
    "5099962136853",    # EAN-13 (zero-padded in the ERN file)
    "00602557190298",   # UMG album, 14-digit zero-padded ICPN as DDEX ERN 3.7 carries it
    "4006381333931",    # EAN-13, the GS1 textbook example
])
def test_real_upcs_validate(upc: str) -> None:
    assert is_valid_upc(upc)
    assert gtin_check_digit(upc[:-1]) == int(upc[-1])
    assert validate("UPC", upc) == upc


@needs_fixtures
def test_umg_release_upc_from_ern_file() -> None:
    text = (REAL / "ddex-ern" / "ern37" / "00602557190298.xml").read_text(encoding="utf-8")
    icpn = re.search(r"<ICPN[^>]*>(\d+)</ICPN>", text).group(1)
    assert icpn == "00602557190298" and is_valid_upc(icpn)


@pytest.mark.parametrize("bad", [
    "", "09362492047", "093624920473", "10602557190298", "09362492047a",
])
def test_invalid_upcs(bad: str) -> None:
    assert not is_valid_upc(bad)
    with pytest.raises(IdentifierError) as info:
        validate("UPC", bad)
    assert info.value.scheme == "UPC"


@given(st.sampled_from([11, 12]).flatmap(digits))
def test_generated_upc_validates(body: str) -> None:
    assert is_valid_upc(body + str(gtin_check_digit(body)))


@given(st.sampled_from([11, 12]).flatmap(digits), st.data())
def test_upc_single_digit_corruption_is_caught(body: str, data: st.DataObject) -> None:
    upc = body + str(gtin_check_digit(body))
    position = data.draw(st.integers(0, len(upc) - 1))
    offset = data.draw(st.integers(1, 9))
    assert not is_valid_upc(replace_digit(upc, position, offset))


# --- ISNI -----------------------------------------------------------------------------------

@pytest.mark.parametrize("isni", [
    "0000 0001 2281 955X",      # ISO 27729 display form, X check character
    "0000000121032683",
    "0000-0002-1825-0097",      # ORCID's documented example iD (ISNI block, same check)
    "0000-0002-1694-233X",      # ORCID's documented example with an X check character
])
def test_real_isnis_validate(isni: str) -> None:
    assert is_valid_isni(isni)
    compact = validate("ISNI", isni)
    assert len(compact) == 16 and isni_check_char(compact[:15]) == compact[15]


def test_isni_lowercase_x_and_bad_values() -> None:
    assert is_valid_isni("0000 0001 2281 955x")
    assert not is_valid_isni("0000 0001 2281 9550")
    assert not is_valid_isni("000000012281955")
    assert not is_valid_isni("X000000122819550")


@given(digits(15))
def test_generated_isni_validates(body: str) -> None:
    assert is_valid_isni(body + isni_check_char(body))


@given(digits(15), st.integers(0, 14), st.integers(1, 9))
def test_isni_single_digit_corruption_is_caught(body: str, position: int, offset: int) -> None:
    isni = body + isni_check_char(body)
    assert not is_valid_isni(replace_digit(isni, position, offset))


@given(digits(15), st.sampled_from("0123456789X"))
def test_isni_wrong_check_character_is_caught(body: str, check: str) -> None:
    assert is_valid_isni(body + check) == (check == isni_check_char(body))


# --- validate / IdentifierError --------------------------------------------------------------

def test_identifier_error_is_a_value_error_with_details() -> None:
    with pytest.raises(ValueError) as info:
        validate("isni", "0000 0001 2281 9551")
    error = info.value
    assert isinstance(error, IdentifierError)
    assert (error.scheme, error.value) == ("isni", "0000 0001 2281 9551")
    assert error.rule == "check character must be X (ISO 7064 MOD 11-2)"


def test_unknown_schemes_pass_through_stripped() -> None:
    assert validate("SPOTIFY", "  4uLU6hMCjMI75M1A2tKUQC ") == "4uLU6hMCjMI75M1A2tKUQC"


@pytest.mark.parametrize("helper, arg", [
    (iswc_check_digit, "12345678"), (ipi_check_digits, "12345678a"),
    (isni_check_char, "1" * 16), (gtin_check_digit, ""),
])
def test_check_helpers_reject_bad_input(helper, arg: str) -> None:
    with pytest.raises(IdentifierError):
        helper(arg)
