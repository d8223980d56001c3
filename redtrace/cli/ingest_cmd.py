"""``redtrace ingest``: documents to source-linked FtM facts (JSON Lines)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click
import orjson

from redtrace.cli.common import error, open_store
from redtrace.ingest import DocumentError, Gazetteer, extract, read
from redtrace.screen.matcher import Matcher


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.File("wb"), default="-")
@click.option("--min-confidence", type=float, default=0.0, help="Drop list links below this.")
def ingest(paths: tuple[Path, ...], output: IO[bytes], min_confidence: float) -> None:
    """Read text, HTML, PDF or e-mail files (or folders) into FtM entities with spans."""
    with open_store(read_only=True) as store:
        gazetteer = Gazetteer(Matcher.from_store(store) if store.datasets() else None)
    files = [f for p in paths for f in (sorted(p.iterdir()) if p.is_dir() else [p])]
    failures = 0
    for path in files:
        try:
            document = read(path)
        except (DocumentError, OSError) as exc:
            error(str(exc))
            failures += 1
            continue
        for entity in extract(document, gazetteer):
            if entity.get("schema") == "Mention" and entity["confidence"] < min_confidence:
                continue
            output.write(orjson.dumps(entity) + b"\n")
    if failures:
        sys.exit(1)
