import csv
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import parse_one

XLSX = "uk_ofsi/ofsi_conlist_2025-04-10.xlsx"


def test_uk_groups_and_counts(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / XLSX)
    assert parsed.published == "2025-04-10"
    assert len(parsed.entities) == 4686
    assert parsed.rows_read == 18796
    assert parsed.rows_read == len(parsed.entities) + parsed.rows_merged + len(parsed.rejects)


def test_uk_row_with_un_reference_links_to_un(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / XLSX)
    record = parsed.entities["gb-12157"].to_record()
    assert {"dataset": "un_sc_sanctions", "ref": "QDi.299"} in record["list_refs"]
    assert {"dataset": "gb_hmt_sanctions", "ref": "12157"} in record["list_refs"]
    assert "Abu Bakr AL-BAGHDADI" in record["properties"]["weakAlias"]  # "Low quality"
    linked = [e for e in parsed if any(r["dataset"] == "un_sc_sanctions" for r in e.list_refs)]
    assert len(linked) > 500


def test_uk_csv_form_reads_the_same(tmp_path: Path, shared_lists: Path) -> None:
    book = load_workbook(shared_lists / XLSX, read_only=True)
    rows = list(book["Data"].iter_rows(values_only=True))[:202]
    path = tmp_path / "ConList.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["" if c is None else c for c in r] for r in rows])
    parsed = parse_one(path)
    assert parsed.format == "uk_conlist"
    assert parsed.rows_read == 200
    assert parsed.published == "2025-04-10"
