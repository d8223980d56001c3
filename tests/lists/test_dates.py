import pytest

from redtrace.lists.dates import parse_date, parse_dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1971", "1971"),
        ("1971-08-28", "1971-08-28"),
        ("10 Dec 1948", "1948-12-10"),
        ("28 August 1971", "1971-08-28"),
        ("6.10.2001", "2001-10-06"),
        ("22/08/1990", "1990-08-22"),
        ("00/00/1994", "1994"),
        ("circa 1960", "1960"),
        ("2025-01-10T00:00:00", "2025-01-10"),
        ("Feb 1962", "1962-02"),
        ("31/02/1990", "1990-02"),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_us_month_first() -> None:
    assert parse_date("06/19/2003", month_first=True) == "2003-06-19"


def test_several_dates() -> None:
    assert parse_dates("1962-02-05; 1962") == ["1962-02-05", "1962"]
    assert parse_dates("DOB 1955 to 1957") == ["1955", "1957"]
