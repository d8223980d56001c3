import csv
import gzip
import io
from pathlib import Path

from redtrace.lists.csl import source_abbrev
from tests.conftest import parse_one

CSL = "us_csl/consolidated_2022-05-16.csv.gz"


def test_csl_counts_reconcile(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / CSL)
    assert parsed.rows_read == 14160
    # One row (CAP 15268, Bank of Kunlun) is printed twice in the file and merges into one.
    assert len(parsed.entities) == 14159
    assert parsed.rows_merged == 1 and parsed.rejects == []


def test_csl_refs_name_the_source_list_and_ofac(shared_lists: Path) -> None:
    parsed = parse_one(shared_lists / CSL)
    sources = {e.list_refs[0]["ref"].split(":")[0] for e in parsed}
    assert {"SDN", "EL", "DPL", "DTC", "SSI", "UVL", "ISN", "MEU", "CMIC", "CAP", "FSE"} <= sources
    saddam = parsed.entities["csl-sdn-7843"].to_record()
    assert {"dataset": "us_trade_csl", "ref": "SDN:7843"} in saddam["list_refs"]
    assert {"dataset": "us_ofac_sdn", "ref": "7843"} in saddam["list_refs"]
    assert saddam["properties"]["birthDate"] == ["1937-04-28"]


def test_csl_row_with_un_reference_links_to_un(tmp_path: Path, shared_lists: Path) -> None:
    # The 2022 file has no UN reference in any row; a row of today's CSL can ("UN Ref ...").
    text = gzip.decompress((shared_lists / CSL).read_bytes()).decode()
    rows = list(csv.reader(io.StringIO(text)))
    header, row = rows[0], next(r for r in rows if r[0] == "21944")
    row[header.index("remarks")] = "UN Ref QDi.299"
    path = tmp_path / "csl.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows([header, row])
    parsed = parse_one(path)
    refs = next(iter(parsed)).list_refs
    assert {"dataset": "un_sc_sanctions", "ref": "QDi.299"} in refs


def test_source_abbrev() -> None:
    assert source_abbrev("Entity List (EL) - Bureau of Industry and Security") == "EL"
    assert source_abbrev("Military End User (MEU) List - Bureau of Industry and Security") == "MEU"
    assert source_abbrev("Non-SDN Menu-Based Sanctions List (NS-MBS List) - Treasury") == "NS-MBS"
