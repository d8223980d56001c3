"""Damaged copies of the real list files are refused with the line and field, never read as
fewer entries (issue 24, row 1)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from redtrace.lists.base import ListFormatError, ParsedList, SourceFile
from redtrace.lists.detect import plan
from tests.conftest import LISTS, shared_bytes

CSV_FILES = {
    "ofac_sdn": LISTS / "ofac_sdn_csv" / "2024-05-03" / "sdn.csv",
    "csl": LISTS / "us_csl" / "consolidated_2022-05-16.csv",
    "dpl": LISTS / "bis_dpl" / "dpl.txt",
    "eu_oj": LISTS / "eu_oj" / "32002R0881.csv",
}
WHOLE_FILES = {
    "un": LISTS / "un" / "UN_consolidated_2026-02.xml",
    "ofac_xml": LISTS / "ofac_xml" / "ofac_consolidated_nonsdn_2026-01-08.xml",
    "uk_xlsx": LISTS / "uk_ofsi" / "ofsi_conlist_2025-04-10.xlsx",
    "ofac_enhanced": LISTS / "ofac_enhanced" / "CONS_ENHANCED_2025-01.zip",
}
WHERE = re.compile(r": (line|row) \d+")


def parse_bytes(tmp_path: Path, name: str, data: bytes) -> ParsedList:
    path = tmp_path / name
    path.write_bytes(data)
    jobs, errors = plan([path])
    if errors:
        raise errors[0]
    assert len(jobs) == 1
    return jobs[0].parse()


def cut_mid_line(data: bytes, fraction: float) -> bytes:
    """``data`` cut at ``fraction`` of its bytes, moved off a line end if it lands on one."""
    at = int(len(data) * fraction)
    while data[at - 1 : at] in (b"\n", b"\r") or data[at : at + 1] in (b"\n", b"\r"):
        at += 1
    return data[:at]


CUTS = [(name, f) for name in sorted(CSV_FILES) for f in (0.1, 0.5, 0.9) if name != "csl"]


@pytest.mark.parametrize(("name", "fraction"), [*CUTS, ("csl", 0.5)])
def test_csv_cut_at_a_byte_fraction_is_refused(tmp_path: Path, name: str, fraction: float) -> None:
    data = shared_bytes(CSV_FILES[name])
    with pytest.raises(ListFormatError) as info:
        parse_bytes(tmp_path, CSV_FILES[name].name, cut_mid_line(data, fraction))
    message = str(info.value)
    assert "cut short" in message and WHERE.search(message), message
    assert info.value.field, message


@pytest.mark.parametrize("fraction", [0.5, 0.99])
@pytest.mark.parametrize("name", sorted(WHOLE_FILES))
def test_xml_and_zip_cut_is_refused(tmp_path: Path, name: str, fraction: float) -> None:
    data = shared_bytes(WHOLE_FILES[name])
    with pytest.raises(ListFormatError) as info:
        parse_bytes(tmp_path, WHOLE_FILES[name].name, data[: int(len(data) * fraction)])
    assert WHOLE_FILES[name].name in str(info.value)


def _unclose(data: bytes, line_no: int) -> bytes:
    """Drop the closing quote of the first quoted field on line ``line_no`` (1-based)."""
    lines = data.split(b"\n")
    line = lines[line_no - 1]
    start = line.index(b'"')
    end = line.index(b'"', start + 1)
    lines[line_no - 1] = line[:end] + line[end + 1 :]
    return b"\n".join(lines)


@pytest.mark.parametrize(("name", "field"), [("csl", "name"), ("ofac_sdn", "SDN_Name")])
def test_one_unclosed_quote_is_refused_naming_line_and_field(
    tmp_path: Path, name: str, field: str
) -> None:
    data = _unclose(shared_bytes(CSV_FILES[name]), 101)
    with pytest.raises(ListFormatError) as info:
        parse_bytes(tmp_path, CSV_FILES[name].name, data)
    assert info.value.where == "line 101" and info.value.field == field, str(info.value)
    assert "not closed" in str(info.value)


def _uk_without(column: str, rows: int = 300) -> bytes:
    """The first ``rows`` rows of the real ConList workbook, without ``column``."""
    source = load_workbook(io.BytesIO(shared_bytes(WHOLE_FILES["uk_xlsx"])), read_only=True)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Data"
    drop: int | None = None
    for n, row in enumerate(source["Data"].iter_rows(values_only=True)):
        if n >= rows:
            break
        if column in row:
            drop = row.index(column)
        cells = list(row)
        if drop is not None:
            del cells[drop]
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("column", ["Regime", "Name 6"])
def test_uk_workbook_without_a_required_column_is_refused(tmp_path: Path, column: str) -> None:
    assert len(parse_bytes(tmp_path, "slice.xlsx", _uk_without("no such column")).entities) > 50
    with pytest.raises(ListFormatError) as info:
        parse_bytes(tmp_path, "conlist.xlsx", _uk_without(column))
    assert info.value.field == column and info.value.where == "row 2", str(info.value)


def test_ofac_xml_short_of_its_record_count_is_a_problem(tmp_path: Path) -> None:
    data = shared_bytes(WHOLE_FILES["ofac_xml"])
    start = data.index(b"<sdnEntry>")
    end = data.index(b"</sdnEntry>", start) + len(b"</sdnEntry>")
    whole = parse_bytes(tmp_path, "whole.xml", data)
    assert whole.problems == []
    short = parse_bytes(tmp_path, "short.xml", data[:start] + data[end:])
    assert len(short.entities) == len(whole.entities) - 1
    assert [p.field for p in short.problems] == ["Record_Count"]
    assert "says it holds 442 entries, 441 were found" in short.problems[0].reason


def test_whole_files_without_a_final_line_break_still_load() -> None:
    # The 2019 OFAC set ends without a line break or 0x1A record, as committed upstream.
    files = sorted((LISTS / "ofac_sdn_csv" / "2019-01").iterdir())
    jobs, errors = plan(files)
    assert not errors
    parsed = jobs[0].parse()
    assert len(parsed.entities) == 7379 and parsed.counts()["rows_rejected"] == 0


def test_source_file_reads_gzip(tmp_path: Path) -> None:
    path = tmp_path / "mieu.csv"
    path.write_bytes(shared_bytes(LISTS / "us_bis" / "mieu.csv"))
    assert SourceFile.read(path).data.startswith(b"Type")
