"""Turn the date spellings of official lists into ISO 8601 prefixes (YYYY, YYYY-MM, YYYY-MM-DD)."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january", "janvier", "januar"),
            ("feb", "february", "fevrier", "februar"),
            ("mar", "march", "mars", "marz"),
            ("apr", "april", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin", "juni"),
            ("jul", "july", "juillet", "juli"),
            ("aug", "august", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre", "oktober"),
            ("nov", "november", "novembre"),
            ("dec", "december", "decembre", "dezember"),
        ]
    )
    for m in names
}

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_DMY_NUM = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_DMY_TEXT = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MY_TEXT = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")
_MDY_TEXT = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_YEAR_IN = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _iso(year: int, month: int = 0, day: int = 0) -> str | None:
    if not 1800 <= year <= 2100:
        return None
    if month == 0:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        date(year, month, day)
    except ValueError:
        # An impossible day (31 February) keeps what is certain: the month.
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str | None, month_first: bool = False) -> str | None:
    """Parse one date; ``month_first`` reads ``06/19/2003`` as US-style month/day/year.

    Unknown parts written as zeros (``00/00/1994``) give a shorter prefix. Text that only
    holds a year somewhere (``circa 1960``) gives that year. Anything else gives None.
    """
    if not text:
        return None
    value = text.strip().strip(".").strip()
    if not value:
        return None
    m = _ISO.match(value)
    if m:
        return _iso(int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0))
    m = _DMY_NUM.match(value)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day, month = (b, a) if month_first else (a, b)
        if month == 0:
            return _iso(year)
        return _iso(year, month, day)
    m = _DMY_TEXT.match(value)
    if m and m.group(2).lower() in MONTHS:
        return _iso(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    m = _MDY_TEXT.match(value)
    if m and m.group(1).lower() in MONTHS:
        return _iso(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _MY_TEXT.match(value)
    if m and m.group(1).lower() in MONTHS:
        return _iso(int(m.group(2)), MONTHS[m.group(1).lower()])
    years = _YEAR_IN.findall(value)
    if len(years) == 1:
        return _iso(int(years[0]))
    return None


def parse_dates(text: str | None, month_first: bool = False) -> list[str]:
    """Parse a field that may hold several dates, such as ``1962-02-05; 1962`` or a range."""
    if not text:
        return []
    out: list[str] = []
    for part in re.split(r";|\balt\.|\bto\b|\bor\b|,(?=\s*\d{4}\b)", text):
        parsed = parse_date(part, month_first=month_first)
        if parsed and parsed not in out:
            out.append(parsed)
    return out
