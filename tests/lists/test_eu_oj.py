from pathlib import Path

from redtrace.lists.load import parse_paths


def test_eu_annexes_load_as_one_version(shared_lists: Path) -> None:
    parsed, errors = parse_paths(sorted((shared_lists / "eu_oj").iterdir()))
    assert not errors
    assert len(parsed) == 1
    eu = parsed[0]
    assert eu.dataset == "eu_fsf"
    assert len(eu.entities) == 350 + 23 + 36 == eu.rows_read


def test_associated_un_entries_are_not_own_refs(shared_lists: Path) -> None:
    parsed, _ = parse_paths([shared_lists / "eu_oj" / "32002R0881.csv"])
    libya = next(e for e in parsed[0] if e.proxy.caption.endswith("Libya"))
    refs = {r["dataset"] for r in libya.list_refs}
    assert refs == {"eu_fsf"}  # QDi.299 and QDe.115 in its notes are other parties
    assert "Associated UN entry: QDi.299" in libya.proxy.get("notes")
