from pathlib import Path

from tests.conftest import FIXTURES, parse_one, shared_file


def test_consolidated_xml(shared_lists: Path) -> None:
    xml = shared_file(shared_lists / "ofac_xml" / "ofac_consolidated_nonsdn_2026-01-08.xml")
    parsed = parse_one(xml)
    assert parsed.dataset == "us_ofac_cons"
    assert parsed.published == "2026-01-08"
    assert len(parsed.entities) == 442 == parsed.rows_read
    haniya = parsed.entities["ofac-9639"].to_record()
    assert "Ismaeel HANIYYA" in haniya["properties"]["alias"]
    assert haniya["properties"]["birthDate"] == ["1962"]
    assert haniya["sanctions"][0]["program"] == ["NS-PLC"]


def test_same_reader_takes_sdn_xml() -> None:
    # tests/fixtures/sdn.xml: the sdnList schema as OFAC publishes sdn.xml (see README there).
    parsed = parse_one(FIXTURES / "sdn.xml")
    assert parsed.dataset == "us_ofac_sdn"
    assert parsed.format == "ofac_xml"
    assert len(parsed.entities) == 3
    weak = parsed.entities["ofac-306"].to_record()["properties"]
    assert "BNC" in weak["weakAlias"]
    assert "NATIONAL BANK OF CUBA" in weak["alias"]
