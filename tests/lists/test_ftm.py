from pathlib import Path

from tests.conftest import SHARED, parse_one

FTM = SHARED / "data" / "ftm" / "yente_fixtures"


def test_ftm_entities_keep_all_schemata() -> None:
    parsed = parse_one(FTM / "zala" / "entities.ftm.json")
    assert parsed.dataset == "ftm_zala"
    assert len(parsed.entities) == 91
    schemata = {e.schema for e in parsed}
    assert {"Ownership", "Directorship", "Sanction", "Company", "Person"} <= schemata


def test_ftm_delta_ops() -> None:
    files = sorted((FTM / "t2").iterdir())
    parsed = parse_one(files[0])
    assert parsed.is_delta
    deleted = [p for p in (parse_one(f) for f in files) if p.deleted]
    assert deleted, "the t2 fixtures delete an entity"


def test_bad_ftm_lines_are_rejected_with_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ftm.json"
    path.write_text(
        '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n'
        '{"id": "b", "schema": "Nope", "properties": {}}\n'
        "{not json\n"
    )
    parsed = parse_one(path, "mine")
    assert len(parsed.entities) == 1
    assert [(r.where, r.field) for r in parsed.rejects] == [
        ("line 2", "schema"),
        ("line 3", "json"),
    ]
