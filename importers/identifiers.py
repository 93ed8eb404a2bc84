"""Validation, normalization and check characters for music-industry identifiers.

Pure functions on ``str``; this module imports nothing from the project, so importers,
services and tests can all share one definition of "a valid ISRC" (DESIGN.md, Layout).

Schemes and the rule each one follows:

* **ISRC** (ISO 3901:2019): ``CC`` country/agency code (2 letters), registrant code
  (3 alphanumerics), year of reference ``YY`` (2 digits), designation code (5 digits).
  There is no check character, so only the shape can be validated.
* **ISWC** (ISO 15707:2001; CISAC ISWC user manual): ``T`` + 9 digits + 1 check digit,
  displayed ``T-034.524.680-1``. Check = (10 − (1 + Σ i·dᵢ, i = 1..9) mod 10) mod 10; the
  leading 1 is the weight-1 value of the prefix ``T``.
* **IPI name number** (CISAC IPI system; 11 digits): check = the last two digits, from the
  weighted sum S of the first nine digits with weights 10, 9, …, 2, as
  ``(−S mod 101) mod 100``: the complement of S modulo 101, written ``00`` when that is 100.
  This is the rule the IPI numbers in real CWR files follow (e.g. ``00000000199``,
  ``00000000297`` and ``00000000395`` in the CWR 2.1 samples of django-music-publisher and
  CWR-DataApi), and the rule django-music-publisher's ``check_ipi_digit`` implements. Taking
  ``S mod 101`` itself as the check matches none of that data, and can yield 100, which has
  no 2-digit form.
* **UPC-A / EAN-13** (GS1 General Specifications §7.9, GTIN mod 10): from the rightmost body
  digit leftwards, weights 3, 1, 3, …; check = (10 − Σ mod 10) mod 10. A 14-digit value with a
  leading ``0`` (how DDEX ERN ``ICPN`` elements often carry a UPC/EAN, e.g. ``00602557190298``)
  is the same GTIN zero-padded, and is accepted too.
* **ISNI** (ISO 27729:2012, check character per ISO/IEC 7064:2003 MOD 11-2): 15 digits + a check
  character ``0``–``9`` or ``X`` (10). ORCID iDs are drawn from the ISNI block and use the same
  check, e.g. ``0000-0002-1825-0097``.
"""
from __future__ import annotations

import re

__all__ = [
    "IdentifierError",
    "gtin_check_digit",
    "ipi_check_digits",
    "is_valid_ipi_name_number",
    "is_valid_isni",
    "is_valid_isrc",
    "is_valid_iswc",
    "is_valid_upc",
    "isni_check_char",
    "iswc_check_digit",
    "normalize_ipi_name_number",
    "normalize_isni",
    "normalize_isrc",
    "normalize_iswc",
    "normalize_upc",
    "validate",
]


class IdentifierError(ValueError):
    """An identifier that fails its scheme's format or check-character rule.

    Attributes:
        scheme: the scheme name as passed to :func:`validate` (e.g. ``'ISWC'``), or the scheme
            of the helper that raised it.
        value: the offending input, unchanged.
        rule: a short human-readable statement of the rule that failed, e.g.
            ``"check digit must be 1 (ISO 15707)"``; meant for data-quality issues shown to
            rights admins.
    """

    def __init__(self, scheme: str, value: str, rule: str) -> None:
        super().__init__(f"invalid {scheme} {value!r}: {rule}")
        self.scheme = scheme
        self.value = value
        self.rule = rule


# Separators people and feeds put inside identifiers ("US-UM7-18-04501", "T-034.524.680-1",
# "0000 0001 2103 2683"); none of them is significant in any scheme here.
_SEPARATORS = re.compile(r"[\s.\-]")

_ISRC_SHAPE = re.compile(r"[A-Z]{2}[A-Z0-9]{3}[0-9]{2}[0-9]{5}")
_ISWC_SHAPE = re.compile(r"T[0-9]{10}")
_ISNI_SHAPE = re.compile(r"[0-9]{15}[0-9X]")


def _require_digits(scheme: str, digits: str, length: int) -> None:
    if len(digits) != length or not digits.isascii() or not digits.isdigit():
        raise IdentifierError(scheme, digits, f"check input must be exactly {length} digits")


# --- ISRC -----------------------------------------------------------------------------------

def normalize_isrc(s: str) -> str:
    """Return ``s`` uppercased with spaces, hyphens and dots removed.

    ``'us-um7-18-04501'`` -> ``'USUM71804501'``. A leading ``ISRC`` label, as in the ISO 3901
    display form ``ISRC US-UM7-18-04501``, is dropped. Never raises; the result is not
    necessarily valid (see :func:`is_valid_isrc`).
    """
    compact = _SEPARATORS.sub("", s).upper()
    # Only strip the label when what remains has the ISRC length; "ISRC" could otherwise
    # be the start of a real code (IS = Iceland, RC… a registrant).
    if len(compact) == 16 and compact.startswith("ISRC"):
        compact = compact[4:]
    return compact


def is_valid_isrc(s: str) -> bool:
    """True if ``s`` normalizes to a well-formed ISRC (ISO 3901:2019).

    Shape: 2 letters (country or agency-issued code), 3 alphanumerics (registrant), 2 digits
    (year of reference), 5 digits (designation). ISRC has no check character.
    """
    return _ISRC_SHAPE.fullmatch(normalize_isrc(s)) is not None


# --- ISWC -----------------------------------------------------------------------------------

def iswc_check_digit(nine_digits: str) -> int:
    """Return the ISWC check digit (0–9) for the 9-digit work identifier ``nine_digits``.

    Rule (ISO 15707, CISAC ISWC manual): S = 1 + Σ i·dᵢ for i = 1..9; check = (10 − S mod 10)
    mod 10. ``'034524680'`` -> ``1`` (T-034.524.680-1).

    Raises IdentifierError (scheme ``'ISWC'``) if ``nine_digits`` is not exactly 9 ASCII digits.
    """
    _require_digits("ISWC", nine_digits, 9)
    total = 1 + sum(i * int(d) for i, d in enumerate(nine_digits, start=1))
    return (10 - total % 10) % 10


def normalize_iswc(s: str) -> str:
    """Return the canonical display form ``T-DDD.DDD.DDD-C`` of an ISWC.

    Accepts ``T-034.524.680-1``, ``T0345246801``, ``t 034 524 680 1`` and other mixes of
    spaces, dots and hyphens. Only the shape is checked here, not the check digit, so a
    wrong ISWC can still be displayed consistently; use :func:`is_valid_iswc` for both.

    Raises IdentifierError (scheme ``'ISWC'``) if ``s`` is not ``T`` followed by 10 digits.
    """
    compact = _SEPARATORS.sub("", s).upper()
    if _ISWC_SHAPE.fullmatch(compact) is None:
        raise IdentifierError("ISWC", s, "must be T followed by 10 digits (ISO 15707)")
    return f"T-{compact[1:4]}.{compact[4:7]}.{compact[7:10]}-{compact[10]}"


def is_valid_iswc(s: str) -> bool:
    """True if ``s`` has the ISWC shape and a correct check digit (ISO 15707)."""
    compact = _SEPARATORS.sub("", s).upper()
    if _ISWC_SHAPE.fullmatch(compact) is None:
        return False
    return iswc_check_digit(compact[1:10]) == int(compact[10])


# --- IPI name number ------------------------------------------------------------------------

def ipi_check_digits(nine: str) -> str:
    """Return the two IPI name number check digits for the first nine digits ``nine``.

    Rule (CISAC IPI; as followed by real CWR data, see module docstring): S = Σ wᵢ·dᵢ with
    weights 10, 9, …, 2; check = (−S mod 101) mod 100, zero-padded to 2 digits.
    ``'000000001'`` -> ``'99'`` (IPI ``00000000199``).

    Raises IdentifierError (scheme ``'IPI'``) if ``nine`` is not exactly 9 ASCII digits.
    """
    _require_digits("IPI", nine, 9)
    total = sum(w * int(d) for w, d in zip(range(10, 1, -1), nine))
    # The check makes S + check ≡ 0 (mod 101); the one value that needs 3 digits (100, when
    # S mod 101 is 1) is written 00, as the IPI system does.
    return f"{-total % 101 % 100:02d}"


def normalize_ipi_name_number(s: str) -> str:
    """Return ``s`` without separators, left-padded with zeros to 11 digits.

    IPI name numbers are often shown without their leading zeros (``199`` for
    ``00000000199``); CWR fields carry all 11. Never raises; values that are not 1–11 digits
    are returned stripped but unpadded, and fail :func:`is_valid_ipi_name_number`.
    """
    compact = _SEPARATORS.sub("", s)
    if 1 <= len(compact) <= 11 and compact.isascii() and compact.isdigit():
        return compact.zfill(11)
    return compact


def is_valid_ipi_name_number(s: str) -> bool:
    """True if ``s`` is an IPI name number (11 digits after zero-padding) whose last two
    digits equal :func:`ipi_check_digits` of the first nine."""
    digits = normalize_ipi_name_number(s)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        return False
    return ipi_check_digits(digits[:9]) == digits[9:]


# --- UPC / EAN (GTIN) -----------------------------------------------------------------------

def gtin_check_digit(body: str) -> int:
    """Return the GS1 mod-10 check digit for ``body``, the GTIN without its check digit.

    Rule (GS1 General Specifications §7.9): weights 3, 1, 3, … from the rightmost body digit;
    check = (10 − Σ mod 10) mod 10. Works for any length (11 for UPC-A, 12 for EAN-13).

    Raises IdentifierError (scheme ``'UPC'``) if ``body`` is empty or not all ASCII digits.
    """
    if not body or not body.isascii() or not body.isdigit():
        raise IdentifierError("UPC", body, "check input must be digits only")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalize_upc(s: str) -> str:
    """Return ``s`` with spaces, dots and hyphens removed (``'0 93624 92047 2'`` ->
    ``'093624920472'``). Leading zeros are kept: they are part of the printed code."""
    return _SEPARATORS.sub("", s)


def is_valid_upc(s: str) -> bool:
    """True if ``s`` is a UPC-A (12 digits) or EAN-13 (13 digits) with a correct GS1 check
    digit; a 14-digit zero-padded form (leading ``0``, as in DDEX ``ICPN``) is accepted too."""
    digits = normalize_upc(s)
    return _has_upc_shape(digits) and gtin_check_digit(digits[:-1]) == int(digits[-1])


def _has_upc_shape(digits: str) -> bool:
    # 14 digits only as a zero-padded UPC/EAN: a non-zero first digit would make it a
    # GTIN-14 trade-unit (carton) code, which never identifies a release.
    return (digits.isascii() and digits.isdigit() and len(digits) in (12, 13, 14)
            and (len(digits) < 14 or digits[0] == "0"))


# --- ISNI -----------------------------------------------------------------------------------

def isni_check_char(fifteen: str) -> str:
    """Return the ISNI check character (``'0'``–``'9'`` or ``'X'``) for 15 digits.

    Rule (ISO 27729, ISO/IEC 7064 MOD 11-2): p = 0; for each digit p = 2·(p + d) mod 11;
    check = (12 − p) mod 11, written ``X`` when it is 10.

    Raises IdentifierError (scheme ``'ISNI'``) if ``fifteen`` is not exactly 15 ASCII digits.
    """
    _require_digits("ISNI", fifteen, 15)
    p = 0
    for d in fifteen:
        p = (p + int(d)) * 2 % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


def normalize_isni(s: str) -> str:
    """Return ``s`` uppercased without spaces, dots or hyphens: the 16-character compact
    form (``'0000 0001 2281 955x'`` -> ``'000000012281955X'``). Never raises."""
    return _SEPARATORS.sub("", s).upper()


def is_valid_isni(s: str) -> bool:
    """True if ``s`` is 15 digits plus a correct ISO 7064 MOD 11-2 check character, spaces
    (the ISO 27729 display form ``0000 0001 2281 955X``) and hyphens allowed."""
    compact = normalize_isni(s)
    if _ISNI_SHAPE.fullmatch(compact) is None:
        return False
    return isni_check_char(compact[:15]) == compact[15]


# --- one entry point ------------------------------------------------------------------------

def _validate_isrc(value: str) -> str:
    normalized = normalize_isrc(value)
    if _ISRC_SHAPE.fullmatch(normalized) is None:
        raise IdentifierError(
            "ISRC", value, "must be CC + 3 alphanumerics + YY + 5 digits (ISO 3901)")
    return normalized


def _validate_iswc(value: str) -> str:
    canonical = normalize_iswc(value)
    expected = iswc_check_digit(canonical[2:5] + canonical[6:9] + canonical[10:13])
    if int(canonical[-1]) != expected:
        raise IdentifierError("ISWC", value, f"check digit must be {expected} (ISO 15707)")
    return canonical


def _validate_ipi(value: str) -> str:
    digits = normalize_ipi_name_number(value)
    if len(digits) != 11 or not digits.isascii() or not digits.isdigit():
        raise IdentifierError("IPI", value, "IPI name number must be up to 11 digits")
    expected = ipi_check_digits(digits[:9])
    if digits[9:] != expected:
        raise IdentifierError("IPI", value, f"check digits must be {expected} (IPI mod 101)")
    return digits


def _validate_upc(value: str) -> str:
    digits = normalize_upc(value)
    if not _has_upc_shape(digits):
        raise IdentifierError("UPC", value, "must be 12 (UPC-A) or 13 (EAN-13) digits")
    expected = gtin_check_digit(digits[:-1])
    if int(digits[-1]) != expected:
        raise IdentifierError("UPC", value, f"check digit must be {expected} (GS1 mod 10)")
    return digits


def _validate_isni(value: str) -> str:
    compact = normalize_isni(value)
    if _ISNI_SHAPE.fullmatch(compact) is None:
        raise IdentifierError("ISNI", value, "must be 15 digits + check character 0-9 or X")
    expected = isni_check_char(compact[:15])
    if compact[15] != expected:
        raise IdentifierError(
            "ISNI", value, f"check character must be {expected} (ISO 7064 MOD 11-2)")
    return compact


_VALIDATORS = {
    "ISRC": _validate_isrc,
    "ISWC": _validate_iswc,
    "IPI": _validate_ipi,
    "UPC": _validate_upc,
    "ISNI": _validate_isni,
}


def validate(scheme: str, value: str) -> str:
    """Return ``value`` normalized for ``scheme``, or raise IdentifierError.

    ``scheme`` is matched case-insensitively against ``'ISRC'``, ``'ISWC'``, ``'IPI'`` (name
    number), ``'UPC'`` (UPC-A/EAN-13) and ``'ISNI'``. Normalized forms: ISRC compact uppercase
    (``USUM71804501``); ISWC dotted (``T-034.524.680-1``); IPI 11 digits zero-padded; UPC
    digits as printed; ISNI 16-character compact. Any other scheme (society member ids, DSP ids)
    has no rule here and is returned with surrounding whitespace stripped.

    Raises IdentifierError carrying ``scheme`` (as given), ``value`` and the failed ``rule``.
    """
    validator = _VALIDATORS.get(scheme.upper())
    if validator is None:
        return value.strip()
    try:
        return validator(value)
    except IdentifierError as exc:
        # Re-raise with the caller's spelling of the scheme and the untouched input value.
        raise IdentifierError(scheme, value, exc.rule) from None
