"""Stream JSON Lines queries through the matcher on several processes, in input order.

Memory stays flat for any input size: lines are read in windows, each window is split
across worker processes, and the results are written before the next window is read. Each
worker is handed the matcher once, when it starts: forked where the platform forks (the
index is then shared, not copied), pickled to it under any other start method.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

import orjson

from redtrace.lines import bad_byte
from redtrace.screen.matcher import Matcher

CHUNK = 200


def answer_line(
    number: int, line: str, matcher: Matcher, options: dict[str, Any]
) -> tuple[bytes, bool]:
    """One output line for one input line, and whether it is an error object."""
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        byte = bad_byte(line)
        if byte:
            return _error(None, "invalid_encoding", f"line {number}: {byte}"), True
        return _error(None, "invalid_json", f"line {number}: not JSON ({exc})"), True
    if not isinstance(data, dict):
        return _error(None, "invalid_query", f"line {number}: not a JSON object"), True
    qid = data.get("id")
    response = matcher.match(data, **options)
    if response["status"] != 200:
        message = f"line {number}: {response['error']['message']}"
        return _error(qid, response["error"]["code"], message), True
    return orjson.dumps({"id": qid, "results": response["results"]}) + b"\n", False


def _error(qid: Any, code: str, message: str) -> bytes:
    return orjson.dumps({"id": qid, "error": {"code": code, "message": message}}) + b"\n"


class _Worker:
    """What one pool process screens with, handed over once by the pool's initializer (it
    lives in the worker process only; the parent keeps no state between runs)."""

    matcher: Matcher
    options: dict[str, Any]

    @classmethod
    def start(cls, matcher: Matcher, options: dict[str, Any]) -> None:
        cls.matcher, cls.options = matcher, options

    @classmethod
    def work(cls, chunk: list[tuple[int, str]]) -> list[tuple[bytes, bool]]:
        return [answer_line(n, line, cls.matcher, cls.options) for n, line in chunk]


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        chunk.append((number, line))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    matcher: Matcher,
    lines: Iterable[str],
    out: IO[bytes],
    options: dict[str, Any],
    workers: int = 1,
    on_error: Callable[[bytes], None] | None = None,
    progress: Callable[[int], None] | None = None,
    start_method: str | None = None,
) -> tuple[int, int]:
    """Answer every line; returns (lines answered, lines with errors). ``start_method``:
    how worker processes start (default: fork where available, else spawn)."""
    done = errors = 0

    def emit(results: list[tuple[bytes, bool]]) -> None:
        nonlocal done, errors
        for item, is_error in results:
            out.write(item)
            done += 1
            if is_error:
                errors += 1
                if on_error:
                    on_error(item)
        if progress:
            progress(done)

    if workers <= 1:
        for chunk in _chunks(lines, CHUNK):
            emit([answer_line(n, line, matcher, options) for n, line in chunk])
        return done, errors
    if start_method is None:
        start_method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(start_method)
    window = workers * 4
    with ctx.Pool(workers, initializer=_Worker.start, initargs=(matcher, options)) as pool:
        pending: list[list[tuple[int, str]]] = []
        for chunk in _chunks(lines, CHUNK):
            pending.append(chunk)
            if len(pending) >= window:
                for results in pool.map(_Worker.work, pending):
                    emit(results)
                pending = []
        if pending:
            for results in pool.map(_Worker.work, pending):
                emit(results)
    return done, errors
