import gzip
from pathlib import Path

import pytest

from redtrace.lists.base import ListFormatError, SourceFile
from redtrace.lists.detect import detect, plan
from tests.conftest import shared_bytes


@pytest.mark.parametrize(
    ("relpath", "fmt"),
    [
        ("un/UN_consolidated_2026-02.xml", "un_xml"),
        ("ofac_sdn_csv/2021-07/sdn.csv", "ofac_csv"),
        ("ofac_sdn_csv/2021-07/alt.csv", "ofac_csv"),
        ("ofac_xml/ofac_consolidated_nonsdn_2026-01-08.xml", "ofac_xml"),
        ("ofac_enhanced/CONS_ENHANCED_2025-01.zip", "ofac_enhanced_xml"),
        ("us_csl/consolidated_2022-05-16.csv.gz", "csl_csv"),
        ("uk_ofsi/ofsi_conlist_2025-04-10.xlsx", "uk_conlist"),
        ("eu_oj/32002R0881.csv", "eu_oj_csv"),
        ("bis_dpl/dpl.txt", "bis_dpl_txt"),
        ("us_bis/mieu.csv", "bis_mieu_csv"),
    ],
)
def test_format_from_content_not_name(
    tmp_path: Path, shared_lists: Path, relpath: str, fmt: str
) -> None:
    renamed = tmp_path / "download.bin"
    renamed.write_bytes(shared_bytes(shared_lists / relpath))
    assert detect(SourceFile.read(renamed)) == fmt


def _error(path: Path) -> ListFormatError:
    jobs, errors = plan([path])
    if not errors:
        job = jobs[0]
        with pytest.raises(ListFormatError) as info:
            job.parse()
        return info.value
    return errors[0]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(b"")
    assert "file is empty" in str(_error(path))


def test_truncated_xml_names_the_line(tmp_path: Path, shared_lists: Path) -> None:
    data = (shared_lists / "un" / "UN_consolidated_2026-02.xml").read_bytes()
    path = tmp_path / "un.xml"
    path.write_bytes(data[: len(data) // 2])
    err = _error(path)
    assert "XML is broken" in str(err)
    assert err.where is not None and err.where.startswith("line ")


def test_other_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<!doctype html><html><body>Not a list</body></html>")
    assert "HTML page" in str(_error(path))
    other = tmp_path / "notes.txt"
    other.write_text("hello,world\n")
    assert "not a list format" in str(_error(other))


def test_broken_gzip(tmp_path: Path, shared_lists: Path) -> None:
    data = gzip.compress((shared_lists / "bis_dpl" / "dpl.txt").read_bytes())
    path = tmp_path / "dpl.txt.gz"
    path.write_bytes(data[:200])
    assert "gzip" in str(_error(path))


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, shared_lists: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<CONSOLIDATED_LIST><INDIVIDUALS>")
    jobs, errors = plan([bad, shared_lists / "us_bis" / "mieu.csv"])
    assert len(jobs) == 2 and not errors  # detection is fine; parsing fails for one
    from redtrace.lists.load import parse_paths

    parsed, errors = parse_paths([bad, shared_lists / "us_bis" / "mieu.csv"])
    assert [p.dataset for p in parsed] == ["us_bis_mieu"]
    assert len(errors) == 1 and "bad.xml" in str(errors[0])
