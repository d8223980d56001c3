"""``redtrace setup`` loads the bundled snapshot; ``redtrace demo`` shows the main job."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from redtrace import settings
from redtrace.cli.lists_cmd import load_files

# Files that carry no publication date of their own, with the date of the copy (SOURCES.md).
SNAPSHOT_DATES = {
    "ofac_sdn_2021-07": "2021-07-07",
    "us_csl_consolidated_2022-05-16.csv.gz": "2022-05-16",
    "eu_oj": "2026-07-21",  # the newest of its three consolidated acts
}


def snapshot_paths(root: Path) -> list[Path]:
    """Every list file or set in the snapshot folder (one OFAC CSV set is one folder)."""
    return sorted(p for p in root.iterdir() if not p.name.endswith(".md"))


@click.command()
@click.option(
    "--snapshot", type=click.Path(path_type=Path, exists=True), default=settings.SNAPSHOT_DIR,
    help="Folder of list files (default: the snapshot bundled with redtrace).",
)  # fmt: skip
def setup(snapshot: Path) -> None:
    """Load the bundled, dated list snapshot into the store (works offline)."""
    click.echo(f"store: {settings.db_path()}")
    failures = 0
    for path in snapshot_paths(snapshot):
        failures += load_files([path], None, SNAPSHOT_DATES.get(path.name))
    if failures:
        sys.exit(1)


@click.command()
@click.pass_context
def demo(ctx: click.Context) -> None:
    """Set up the store from the bundled snapshot and show what redtrace does."""
    ctx.invoke(setup, snapshot=settings.SNAPSHOT_DIR)
    from redtrace.cli.lists_cmd import status_cmd
    from redtrace.cli.match_cmd import load_matcher

    click.echo("")
    ctx.invoke(status_cmd, as_json=False, all_versions=False)
    click.echo("\nScreening eight demo customers (fictional ones and listed names spelled")
    click.echo("as a customer might: another script, another transliteration, a legal form):\n")
    matcher = load_matcher()
    demo_file = settings.PACKAGE_DIR / "data" / "demo" / "parties.jsonl"
    for line in demo_file.read_text(encoding="utf-8").splitlines():
        query = orjson.loads(line)
        response = matcher.match(query, limit=3)
        name = query["properties"]["name"][0]
        hits = [r for r in response.get("results", []) if r["match"]]
        if not hits:
            click.echo(f"  {query['id']}  {name}: no match")
            continue
        top = hits[0]
        refs = ", ".join(f"{r['dataset']}:{r['ref']}" for r in top["list_refs"][:3])
        click.echo(f"  {query['id']}  {name}: MATCH {top['score']:.2f} {top['caption']} [{refs}]")
        for why in top["explanation"]:
            click.echo(f"      - {why}")
    click.echo("\nNext: `redtrace match -i customers.jsonl -o hits.jsonl`, `redtrace serve`.")
