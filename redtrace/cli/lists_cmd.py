"""``redtrace lists``: load, update, inspect and compare list versions."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from redtrace.cli.common import (
    age_days,
    check_datasets,
    cli_user,
    error,
    open_store,
    recorder,
    table,
)
from redtrace.lists.dates import parse_date
from redtrace.lists.load import parse_paths
from redtrace.lists.plausible import Policy, assess
from redtrace.lists.registry import sources
from redtrace.lists.update import fetch_all
from redtrace.service.changes import load_list
from redtrace.store import StoreError, diff, resolve_versions


@click.group()
def lists() -> None:
    """Load official lists into the store and see what changed."""


def load_files(
    paths: list[Path],
    dataset: str | None,
    published: str | None = None,
    force: bool = False,
    allow_shrink: bool = False,
) -> int:
    """Load files; print one line per version or error. Returns the number of failures.

    A file that cannot be read whole is refused; a version that reads but fails the
    plausibility checks (``redtrace.lists.plausible``) is stored quarantined, and the
    current version stays current, unless ``force``."""
    parsed, errors = parse_paths(paths, dataset)
    for item in parsed:
        if published and not item.published:
            item.published = published
    for exc in errors:
        error(f"{exc}; refused, the current version stays current")
    failures = len(errors)
    policy = Policy.from_settings(allow_shrink)
    with open_store() as store:
        for item in parsed:
            current = store.version(item.dataset)
            reasons = assess(item, current.entities if current else None, policy)
            try:
                outcome = load_list(store, item, cli_user(), recorder(),
                                    quarantine=None if force else reasons)  # fmt: skip
            except StoreError as exc:
                error(f"{item.dataset}: {exc}")
                failures += 1
                continue
            v = outcome.version
            names = ", ".join(f.name for f in item.files)
            if not outcome.created:
                if v.status == "quarantined" and force:
                    store.set_current(v.dataset, v.version)
                    click.echo(f"{v.dataset}: version {v.version} ({names}) made current (--force)")
                    continue
                state = " (quarantined)" if v.status == "quarantined" else ""
                click.echo(
                    f"{v.dataset}: {names} is already loaded as version {v.version}{state} "
                    f"(sha256 {v.sha256[:12]}); nothing to do"
                )
                failures += v.status == "quarantined"
                continue
            click.echo(
                f"{v.dataset} v{v.version}: {v.entities} entities from {names} "
                f"(published {v.published or 'unknown'}; read {v.rows_read} rows = "
                f"{item.counts()['entities']} entities + {v.rows_merged} merged + "
                f"{v.rows_rejected} rejected)"
            )
            for reject in item.rejects[:20]:
                error(f"{reject.file}: {reject.where}: field {reject.field}: {reject.reason}")
            if len(item.rejects) > 20:
                error(f"... {len(item.rejects) - 20} more rejected rows; see `lists status --json`")
            if v.status == "quarantined":
                failures += 1
                kept = f"version {current.version} stays current" if current else "none is current"
                error(f"{v.dataset} v{v.version} is quarantined, {kept}:")
                for reason in v.problems:
                    error(f"  {reason}")
                error(f"  `redtrace lists promote {v.dataset} {v.version}` makes it current")
            elif reasons:
                click.echo(f"{v.dataset} v{v.version} made current despite (--force):")
                for reason in reasons:
                    click.echo(f"  {reason}")
    return failures


@lists.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dataset", help="Dataset name to load into (default: from the file).")
@click.option("--ftm", "is_ftm", is_flag=True, help="Files are FollowTheMoney JSON (any source).")
@click.option(
    "--published", help="Publication date (YYYY-MM-DD) for files that carry none, e.g. OFAC CSV."
)
@click.option(
    "--allow-shrink", is_flag=True, help="Accept a version with far fewer entries than the current."
)
@click.option("--force", is_flag=True, help="Make the version current whatever the checks say.")
def load_cmd(
    files: tuple[Path, ...],
    dataset: str | None,
    is_ftm: bool,
    published: str | None,
    allow_shrink: bool,
    force: bool,
) -> None:
    """Load list FILES (format detected from their content) as new dataset versions.

    A damaged file is refused and an implausible version (far fewer entries than the current
    one, too many rejected rows, fewer entries than the file says it holds) is quarantined:
    the exit status is 1 and the current version stays current."""
    del is_ftm  # FtM is detected from content; the flag is accepted for clarity.
    if published and parse_date(published) != published:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--published")
    failures = load_files(list(files), dataset, published, force, allow_shrink)
    if failures:
        sys.exit(1)


@lists.command("promote")
@click.argument("dataset")
@click.argument("version", type=int)
def promote_cmd(dataset: str, version: int) -> None:
    """Make a quarantined VERSION of DATASET current, on your word that it is whole."""
    with open_store() as store:
        try:
            done = store.set_current(dataset, version)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{dataset} v{done.version} is current ({done.entities} entities)")


@lists.command("rollback")
@click.argument("dataset")
@click.option("--to", "to", type=int, help="The version to return to (default: the one before).")
def rollback_cmd(dataset: str, to: int | None) -> None:
    """Make an earlier version of DATASET current again."""
    with open_store() as store:
        current = store.current_version(dataset)
        if to is None:
            earlier = [
                v.version
                for v in store.versions(dataset)
                if current is not None and v.version < current and v.status != "quarantined"
            ]
            if not earlier:
                raise click.ClickException(f"{dataset} has no earlier version to return to")
            to = earlier[-1]
        try:
            done = store.set_current(dataset, to)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{dataset} v{done.version} is current again (was v{current})")


@lists.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines, one per version.")
@click.option("--all", "all_versions", is_flag=True, help="Show every version, not only current.")
def status_cmd(as_json: bool, all_versions: bool) -> None:
    """Datasets, versions, publish dates, counts and age."""
    with open_store() as store:
        current = {d: store.current_version(d) for d in store.datasets()}
        versions = [
            v for v in store.versions() if all_versions or current.get(v.dataset) == v.version
        ]
        if as_json:
            for v in versions:
                row = v.to_dict()
                row["current"] = current.get(v.dataset) == v.version
                click.echo(orjson.dumps(row).decode())
            return
        if not versions:
            click.echo("No lists loaded. Run `redtrace setup` or `redtrace lists load FILE`.")
            return
        rows = [
            (
                v.dataset + _state(v.status, current.get(v.dataset) == v.version),
                v.version,
                v.published or "unknown",
                age_days(v.published),
                v.entities,
                v.rows_read,
                v.rows_merged,
                v.rows_rejected,
                v.loaded_at.isoformat(timespec="seconds"),
                v.sha256[:12],
            )
            for v in versions
        ]
        headers = ("dataset", "ver", "published", "age_d", "entities", "read", "merged",
                   "rejected", "loaded_at", "sha256")  # fmt: skip
        click.echo(table(headers, rows))


def _state(status: str, is_current: bool) -> str:
    if is_current:
        return ""
    return " (quarantined)" if status == "quarantined" else " (old)"


@lists.command("diff")
@click.argument("dataset")
@click.option("--from", "v_from", type=int, help="Older version (default: the one before --to).")
@click.option("--to", "v_to", type=int, help="Newer version (default: current).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON line per change.")
def diff_cmd(dataset: str, v_from: int | None, v_to: int | None, as_json: bool) -> None:
    """Entries added, removed and changed (with the fields) between two versions."""
    with open_store() as store:
        try:
            a, b = resolve_versions(store, dataset, v_from, v_to)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from exc
        counts = {"added": 0, "removed": 0, "changed": 0}
        for change in diff(store, dataset, a, b):
            counts[change.kind] += 1
            if as_json:
                click.echo(orjson.dumps(change.to_dict()).decode())
            else:
                fields = f"  [{', '.join(change.fields)}]" if change.fields else ""
                mark = {"added": "+", "removed": "-", "changed": "~"}[change.kind]
                click.echo(f"{mark} {change.id}  {change.caption}{fields}")
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        click.echo(f"{dataset} v{a} -> v{b}: {summary}", err=as_json)


@lists.command("show")
@click.argument("ref")
@click.option("--dataset", help="Only look in this dataset's references.")
@click.option("--pretty", is_flag=True, help="One indented JSON array instead of JSON Lines.")
def show_cmd(ref: str, dataset: str | None, pretty: bool) -> None:
    """Show the current entries with list reference (or entity id) REF, as JSON Lines."""
    with open_store() as store:
        if dataset:
            check_datasets(store.datasets(), [dataset])
        found = store.find(ref, dataset)
        if not found:
            raise click.ClickException(f"no current entry has the reference {ref!r}")
        for ds, record in found:
            seen = store.seen(ds, record["id"])
            version = store.version(ds)
            record["provenance"] = {
                "dataset": ds,
                "version": version.version if version else None,
                "sha256": version.sha256 if version else None,
                "published": version.published if version else None,
                "first_seen_version": seen[0] if seen else None,
                "last_seen_version": seen[1] if seen else None,
            }
        records = [record for _, record in found]
    if pretty:
        click.echo(orjson.dumps(records, option=orjson.OPT_INDENT_2).decode())
    else:
        for record in records:
            click.echo(orjson.dumps(record).decode())


@lists.command("update")
@click.argument("datasets", nargs=-1)
def update_cmd(datasets: tuple[str, ...]) -> None:
    """Download the current files from each authority and load the ones that changed."""
    unknown = [d for d in datasets if d not in sources()]
    if unknown:
        raise click.ClickException(f"unknown dataset(s) {unknown}; known: {sorted(sources())}")
    workdir, fetched = fetch_all(list(datasets) or None)
    failures = 0
    for item in fetched:
        if item.error:
            error(f"{item.dataset}: {item.error}; the store keeps its current version")
            failures += 1
            continue
        failures += load_files(item.paths, item.dataset)
    click.echo(f"downloads in {workdir}")
    if failures == len(fetched):
        error("no list could be updated (is there a network?)")
        sys.exit(1)
