"""One undecodable byte gives an error line at its place; the lines around it are answered
(issue 24, row 10)."""

from __future__ import annotations

import io

import orjson

from redtrace import lines
from redtrace.screen.batch import run
from redtrace.screen.index import Index
from redtrace.screen.matcher import Matcher


def test_bad_byte_names_the_byte_and_column() -> None:
    text = b'{"id": "a\xff"}'.decode("utf-8", errors=lines.ERRORS)
    assert lines.bad_byte(text) == "byte 0xff at column 10 is not UTF-8"
    assert lines.bad_byte('{"id": "ok"}') is None


def test_batch_goes_on_past_a_bad_byte() -> None:
    raw = b"\n".join(
        orjson.dumps({"id": f"q{i}", "schema": "Person", "properties": {"name": [f"Name {i}"]}})
        for i in range(5000)
    )
    raw = raw.replace(b'"Name 3000"', b'"Na\xffme"')
    stream = io.TextIOWrapper(io.BytesIO(raw + b"\n"), encoding="utf-8", errors=lines.ERRORS)
    out = io.BytesIO()
    done, errors = run(Matcher(Index([]), []), stream, out, {})
    rows = [orjson.loads(line) for line in out.getvalue().splitlines()]
    assert done == 5000 and errors == 1 and len(rows) == 5000
    assert rows[3000]["error"]["code"] == "invalid_encoding"
    assert rows[3000]["error"]["message"] == "line 3001: byte 0xff at column 58 is not UTF-8"
    assert rows[2999]["id"] == "q2999" and rows[3001]["id"] == "q3001"
