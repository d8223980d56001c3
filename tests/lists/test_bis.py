from pathlib import Path

from redtrace.lists.bis_dpl import dpl_ref
from tests.conftest import parse_one


def test_dpl_rows_and_stable_refs(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "bis_dpl" / "dpl.txt")
    assert parsed.rows_read == 665
    assert parsed.rows_read == len(parsed.entities) + parsed.rows_merged
    # The 3033-09-30 typo in the source is not taken as the publication date.
    assert parsed.published == "2023-11-28"
    ref = dpl_ref("AARON ABRAHAM VILLA", "2022-08-24")
    assert parsed.entities[f"dpl-{ref}"].proxy.get("country") == []  # no country on that row


def test_mieu(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "us_bis" / "mieu.csv")
    assert len(parsed.entities) == 13
    assert parsed.dataset == "us_bis_mieu"
