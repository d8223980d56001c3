from pathlib import Path

from tests.conftest import parse_one


def test_cons_enhanced_zip(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "ofac_enhanced" / "CONS_ENHANCED_2025-01.zip")
    assert parsed.dataset == "us_ofac_cons"
    assert parsed.published == "2025-01-10"
    assert len(parsed.entities) == 443 == parsed.rows_read
    vtb = parsed.entities["ofac-17013"].to_record()["properties"]
    assert "БАНК ВТБ ПАО" in vtb["alias"]  # Cyrillic translation of a name
    assert "1027739609391" in vtb["registrationNumber"]
    assert "ru" in vtb["country"]
