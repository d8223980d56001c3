"""Normal forms of the values parties share: phones, addresses, e-mails, websites, names."""

from __future__ import annotations

import re

import phonenumbers

from redtrace.screen import fold

_SPACES = re.compile(r"[^a-z0-9]+")


def phone(raw: str, country: str | None = None) -> str | None:
    """E.164 when the number parses, else its digits (7 or more)."""
    try:
        parsed = phonenumbers.parse(raw, (country or "").upper() or None)
        if phonenumbers.is_possible_number(parsed):
            return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    except phonenumbers.NumberParseException:
        pass
    digits = re.sub(r"\D", "", raw)
    return digits if len(digits) >= 7 else None


def address(raw: str) -> str | None:
    text = _SPACES.sub(" ", fold(raw)).strip()
    return text if len(text) >= 8 else None


def email(raw: str) -> str | None:
    value = raw.strip().lower()
    return value if "@" in value else None


_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([^/?#:\s]+)")


def website(raw: str) -> str | None:
    """The host name, lower case, without scheme, "www." or path: "https://www.X.com/a" -> "x.com"."""
    m = _HOST.match(raw.strip().lower())
    host = m.group(1).rstrip(".") if m else ""
    return host if "." in host else None


def name(raw: str) -> str:
    return _SPACES.sub(" ", fold(raw)).strip()
