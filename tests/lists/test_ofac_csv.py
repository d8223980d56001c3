from pathlib import Path

import pytest

from redtrace.lists import ofac_csv
from redtrace.lists.base import ListFormatError, SourceFile
from tests.conftest import parse_one, shared_bytes


def test_2021_07_set_counts_reconcile(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "ofac_sdn_csv" / "2021-07")
    assert len(parsed.entities) == 8976
    # sdn + add + alt + comments rows, each either an entity, merged into one, or rejected.
    assert parsed.rows_read == 8976 + 13837 + 11910 + 5
    counts = parsed.counts()
    assert (
        counts["rows_read"] == counts["entities"] + counts["rows_merged"] + counts["rows_rejected"]
    )
    assert parsed.rejects == []


def test_remarks_aliases_addresses_and_comment_overflow(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "ofac_sdn_csv" / "2021-07")
    zawahiri = parsed.entities["ofac-2676"].to_record()["properties"]
    assert zawahiri["birthDate"] == ["1951-06-19"]
    assert "1084010" in zawahiri["passportNumber"]
    assert "Ayman AL-ZAWAHIRI" in zawahiri["alias"]
    cuba = parsed.entities["ofac-306"].to_record()
    assert "NATIONAL BANK OF CUBA" in cuba["properties"]["alias"]
    assert "BNC" in cuba["properties"]["weakAlias"]
    assert any("Zurich" in a for a in cuba["properties"]["address"])
    # 12300's remarks go on in sdn_comments.csv; the continuation names more linked firms.
    notes = " ".join(parsed.entities["ofac-12300"].to_record()["properties"]["notes"])
    assert "Linked To: R D I S.A." in notes


def test_0x1a_end_record_and_line_endings(shared_lists: Path) -> None:
    raw = shared_bytes(shared_lists / "ofac_sdn_csv" / "2021-07" / "sdn.csv")
    assert raw.endswith(b"\x1a")
    parsed = parse_one(shared_lists / "ofac_sdn_csv" / "2019-01")  # LF, no 0x1A
    assert len(parsed.entities) == 7379


def test_sdn_only_set_2024(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / "ofac_sdn_csv" / "2024-05-03")
    assert len(parsed.entities) == 14965


def test_wrong_column_count_is_rejected_with_line(tmp_path: Path, shared_lists: Path) -> None:
    lines = shared_bytes(shared_lists / "ofac_sdn_csv" / "2021-07" / "sdn.csv").split(b"\r\n")
    lines[2] = lines[2] + b',"extra"'
    bad = tmp_path / "sdn.csv"
    bad.write_bytes(b"\r\n".join(lines[:50]))
    parsed = parse_one(bad)
    assert len(parsed.rejects) == 1
    reject = parsed.rejects[0]
    assert reject.where == "line 3" and reject.field == "row"
    assert "13 columns, expected 12" in reject.reason
    assert len(parsed.entities) == 49


def test_cp1252_bytes_are_read(tmp_path: Path) -> None:
    row = '99,"MU\xd1OZ, Jos\xe9","individual","SDNT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    path = tmp_path / "sdn.csv"
    path.write_bytes(row.encode("cp1252") + b"\x1a")
    parsed = parse_one(path)
    assert parsed.entities["ofac-99"].to_record()["properties"]["name"] == ["MUÑOZ, José"]


def test_set_without_sdn_is_an_error(tmp_path: Path, shared_lists: Path) -> None:
    alt = shared_bytes(shared_lists / "ofac_sdn_csv" / "2021-07" / "alt.csv")
    (tmp_path / "alt.csv").write_bytes(alt)
    with pytest.raises(ListFormatError, match=r"needs its sdn\.csv"):
        ofac_csv.parse([SourceFile.read(tmp_path / "alt.csv")])
