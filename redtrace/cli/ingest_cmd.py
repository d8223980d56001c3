"""``redtrace ingest``: documents to source-linked FtM facts (JSON Lines), kept in the store
for the network graph."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click
import orjson

from redtrace.cli.common import cli_user, error, open_store, recorder
from redtrace.ingest import Document, DocumentError, Gazetteer, read
from redtrace.ingest.fetch import fetch, is_url
from redtrace.service import build_matcher, ingest_document


def _documents(sources: tuple[str, ...]) -> Iterator[Document | DocumentError]:
    for source in sources:
        if is_url(source):
            try:
                yield fetch(source)
            except DocumentError as exc:
                yield exc
            continue
        path = Path(source)
        files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for file in files:
            try:
                yield read(file)
            except (DocumentError, OSError) as exc:
                yield DocumentError(str(exc))


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", type=click.File("wb"), default="-")
@click.option("--min-confidence", type=float, default=0.0, help="Drop list links below this.")
@click.option("--store/--no-store", "keep", default=True, show_default=True,
              help="Keep the facts in the store for `redtrace trace`.")  # fmt: skip
def ingest(sources: tuple[str, ...], output: IO[bytes], min_confidence: float, keep: bool) -> None:
    """Read text, HTML, PDF or e-mail files, folders or URLs into FtM entities with spans."""
    failures = stored = 0
    with open_store(read_only=not keep) as store:
        gazetteer = Gazetteer(build_matcher(store) if store.datasets() else None)
        for document in _documents(sources):
            if isinstance(document, DocumentError):
                error(str(document))
                failures += 1
                continue
            facts = ingest_document(document, gazetteer, store if keep else None,
                                    min_confidence=min_confidence, user=cli_user(),
                                    recorder=recorder())  # fmt: skip
            for entity in facts:
                output.write(orjson.dumps(entity) + b"\n")
            stored += keep
    if keep:
        click.echo(f"redtrace: {stored} documents' facts kept in the store", err=True)
    if failures:
        sys.exit(1)
