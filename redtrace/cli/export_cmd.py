"""``redtrace export``: every current entity as FtM JSON lines or CSV."""

from __future__ import annotations

import csv
from typing import IO, Any

import click
import orjson

from redtrace.cli.common import check_datasets, open_store

CSV_COLUMNS = ("id", "schema", "dataset", "caption", "names", "birth_dates", "countries",
               "identifiers", "list_refs", "programs")  # fmt: skip
ID_PROPS = ("idNumber", "passportNumber", "registrationNumber", "imoNumber", "leiCode",
            "taxNumber", "innCode", "swiftBic")  # fmt: skip


@click.command()
@click.option("--format", "fmt", type=click.Choice(["ftm", "csv"]), default="ftm")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--dataset", multiple=True, help="Only these datasets (default: all).")
def export(fmt: str, output: IO[str], dataset: tuple[str, ...]) -> None:
    """Export the current version of every list: FtM entities (with Sanctions) or CSV."""
    with open_store(read_only=True) as store:
        check_datasets(store.datasets(), dataset)
        writer = csv.writer(output) if fmt == "csv" else None
        if writer:
            writer.writerow(CSV_COLUMNS)
        for ds, record in store.current_records():
            if dataset and ds not in dataset:
                continue
            if writer:
                writer.writerow(_csv_row(ds, record))
            else:
                for entity in ftm_entities(ds, record):
                    output.write(orjson.dumps(entity).decode() + "\n")


def ftm_entities(dataset: str, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The entity itself plus one FtM Sanction entity per sanction record."""
    main = {
        "id": record["id"],
        "schema": record["schema"],
        "caption": record["caption"],
        "properties": record["properties"],
        "datasets": [dataset],
        "list_refs": record["list_refs"],
    }
    out = [main]
    for n, sanction in enumerate(record.get("sanctions", []), start=1):
        props = dict(sanction)
        props["entity"] = [record["id"]]
        out.append(
            {
                "id": f"{record['id']}-sanction-{n}",
                "schema": "Sanction",
                "properties": props,
                "datasets": [dataset],
            }
        )
    return out


def _csv_row(dataset: str, record: dict[str, Any]) -> list[str]:
    props = record["properties"]

    def join(*names: str) -> str:
        return "; ".join(v for n in names for v in props.get(n, []))

    programs = "; ".join(p for s in record.get("sanctions", []) for p in s.get("program", []))
    refs = "; ".join(f"{r['dataset']}:{r['ref']}" for r in record["list_refs"])
    return [
        record["id"], record["schema"], dataset, record["caption"],
        join("name", "alias", "weakAlias", "previousName"), join("birthDate"),
        join("country", "nationality", "citizenship", "jurisdiction"), join(*ID_PROPS),
        refs, programs,
    ]  # fmt: skip
