"""Orders from CSV and Excel: rows grouped by order id, codes in any case, and every rejected
row named by its line and field."""

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from redtrace.flags.tabular import csv_rows, read_rows, xlsx_rows

HEADER = ("Order ID,Date,Buyer Name,Buyer Country,Buyer Sector,Ship To,Payment Currency,"
          "Description,HS Code,Quantity,Unit,Currency,ECCN")  # fmt: skip
ROWS = [
    "SO-1,2025-03-02,Lindner Lack GmbH,DE,paint manufacturing,DE,eur,aluminium paste,3212.90,800,kg,eur,",
    "SO-1,2025-03-02,Lindner Lack GmbH,DE,paint manufacturing,DE,eur,titanium dioxide,3206.11,2,MT,EUR,",
    "SO-2,2025-03-03,Thames Labs Ltd,gb,research,GB,GBP,GPS module,8526.91,lots,pcs,GBP,7a994",
    "SO-3,2025-03-04,Nowhere Ltd,XX,trading,xx,EUR,drone,8806.21,4,pcs,EUR,",
    ",2025-03-04,No Id Ltd,de,trading,de,EUR,drone,8806.21,4,pcs,EUR,",
]


def read(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    return list(read_rows(csv_rows(text)))


def test_rows_of_one_order_become_its_lines_with_codes_in_either_case() -> None:
    out = read("\n".join([HEADER, *ROWS]))
    number, order = out[1]
    assert number == 2 and isinstance(order, dict)
    assert order["id"] == "SO-1" and order["buyer"]["properties"]["country"] == ["de"]
    assert [i["hs_code"] for i in order["items"]] == ["3212.90", "3206.11"]
    assert order["items"][1]["quantity"] == 2 and order["items"][1]["unit"] == "MT"
    assert order["payment"]["currency"] == "EUR" and order["route"]["ship_to"] == "de"


def test_every_rejected_row_is_named_by_line_and_field() -> None:
    out = dict(read("\n".join([HEADER, *ROWS])))
    assert out[6] == "line 6: order_id: missing"
    assert out[4] == "line 4: quantity: 'lots' is not a number"
    assert "line 5: buyer_country: 'xx' is not an ISO 3166-1 country code" in str(out[5])
    assert "line 5: ship_to:" in str(out[5])


def test_semicolon_csv_with_decimal_commas() -> None:
    text = "\n".join(
        [HEADER.replace(",", ";"), ROWS[0].replace(",", ";").replace(";800;", ";800,5;")]
    )
    ((_, order),) = read(text)
    assert isinstance(order, dict) and order["items"][0]["quantity"] == 800.5


def test_excel_sheet_reads_like_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    for row in ROWS[:3]:
        values: list[Any] = row.split(",")
        values[9] = float(values[9]) if values[9].isdigit() else values[9]
        sheet.append(values)
    path = tmp_path / "orders.xlsx"
    book.save(path)
    out = list(read_rows(xlsx_rows(path)))
    assert [n for n, _ in out] == [2, 4]
    order = out[0][1]
    assert isinstance(order, dict) and order["items"][0]["quantity"] == 800
    assert out[1][1] == "line 4: quantity: 'lots' is not a number"
