"""``redtrace audit``: keys, signed checkpoints, verification, proofs, the log and evidence."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import IO

import click
import orjson

from redtrace import settings
from redtrace.audit import (
    AuditKeyError,
    Checkpoint,
    RetentionError,
    checkpoint,
    keygen,
    load_signing_key,
    prove,
    purge,
)
from redtrace.audit.keys import public_key_pem
from redtrace.audit.log import row_dict
from redtrace.cli.common import open_store, table
from redtrace.service import verify_log
from redtrace.service.evidence import evidence_bundle, write_bundle
from redtrace.store.audit import search


@click.group()
def audit() -> None:
    """The signed, append-only audit log."""


@audit.command("keygen")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
def keygen_cmd(output: Path) -> None:
    """Write an Ed25519 key pair: OUTPUT (private, mode 0600) and OUTPUT.pub."""
    try:
        pub = keygen(output)
    except AuditKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"private key {output} (keep it off the store's machine if you can)")
    click.echo(f"public key  {pub}; export REDTRACE_AUDIT_KEY={output}")


def _key() -> Path:
    path = settings.audit_key()
    if path is None:
        raise click.ClickException("set REDTRACE_AUDIT_KEY to the signing key file")
    return path


@audit.command("checkpoint")
@click.option("-o", "--output", type=click.File("w"), default="-")
def checkpoint_cmd(output: IO[str]) -> None:
    """Sign the current tree (size, root) and write the checkpoint (JSON)."""
    try:
        key = load_signing_key(_key())
    except AuditKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    with open_store() as store:
        signed = checkpoint(store, key)
    output.write(json.dumps(signed.to_dict(), indent=2) + "\n")


@audit.command("verify")
@click.option("--checkpoint", "files", multiple=True, type=click.Path(path_type=Path))
@click.option("--public-key", type=click.Path(path_type=Path, exists=True))
@click.option("--json", "as_json", is_flag=True)
def verify_cmd(files: tuple[Path, ...], public_key: Path | None, as_json: bool) -> None:
    """Exit 0 only when the log is intact and consistent with every checkpoint."""
    given = []
    for path in files:
        try:
            given.append((f"checkpoint {path}", Checkpoint.from_dict(json.loads(path.read_text()))))
        except (OSError, ValueError, AuditKeyError) as exc:
            raise click.ClickException(f"{path}: cannot read the checkpoint ({exc})") from exc
    try:
        pem = public_key.read_bytes() if public_key else None
        if pem is None and settings.audit_key():
            pem = public_key_pem(_key())
    except AuditKeyError as exc:
        raise click.ClickException(str(exc)) from exc
    with open_store(read_only=True) as store:
        report = verify_log(store, given, pem)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    for problem in report["problems"]:
        click.echo(f"redtrace: audit: {problem}", err=True)
    if report["problems"]:
        raise SystemExit(1)
    if not as_json:
        click.echo(f"intact: {report['records']} records, root {report['root']},"
                   f" {report['checkpoints_checked']} checkpoint(s) consistent")  # fmt: skip
    if report["signatures_not_checked"]:
        click.echo(f"redtrace: audit: {report['signatures_not_checked']} stored checkpoint(s)'"
                   " signatures not checked: give --public-key or set REDTRACE_AUDIT_KEY",
                   err=True)  # fmt: skip


@audit.command("prove")
@click.argument("record_id", type=int)
@click.option("-o", "--output", type=click.File("w"), default="-")
def prove_cmd(record_id: int, output: IO[str]) -> None:
    """An inclusion proof of one record against the latest checkpoint."""
    with open_store(read_only=True) as store:
        try:
            proof = prove(store, record_id)
        except LookupError as exc:
            raise click.ClickException(str(exc)) from exc
    output.write(json.dumps(proof, indent=2, ensure_ascii=False) + "\n")


@audit.command("log")
@click.option("--user")
@click.option("--action", help="An action (orders.check), or a prefix ending in a dot (orders.).")
@click.option("--since", type=click.DateTime())
@click.option("--subject")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl")
def log_cmd(
    user: str | None, action: str | None, since: datetime | None, subject: str | None, fmt: str
) -> None:
    """The records, oldest first, filtered."""
    with open_store(read_only=True) as store:
        found = search(store, user=user, action=action, since=since, subject=subject)
    if fmt == "jsonl":
        out = click.get_binary_stream("stdout")
        for row in found:
            out.write(orjson.dumps(row_dict(row)) + b"\n")
        return
    rows = [(r.seq, r.recorded_at.isoformat(timespec="seconds"), r.user, r.action, r.dataset,
             r.subject, (r.body or "(purged)")[:60]) for r in found]  # fmt: skip
    click.echo(table(("seq", "at", "user", "action", "dataset", "subject", "body"), rows))


@audit.command("evidence")
@click.argument("subject")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
def evidence_cmd(subject: str, output: Path) -> None:
    """A decision evidence bundle for an order or alert: evidence.json and evidence.html."""
    with open_store(read_only=True) as store:
        bundle = evidence_bundle(store, subject)
    if bundle is None:
        raise click.ClickException(f"no order or alert {subject!r}")
    for path in write_bundle(bundle, output):
        click.echo(str(path))


@audit.command("purge")
@click.option("--before", type=click.DateTime(), required=True)
@click.option("--action", "actions", multiple=True)
@click.option("--by", "user", default="local", show_default=True)
def purge_cmd(before: datetime, actions: tuple[str, ...], user: str) -> None:
    """Remove the bodies of records older than BEFORE, never inside their retention period."""
    with open_store() as store:
        try:
            summary = purge(store, before, list(actions) or None, user=user)
        except RetentionError as exc:
            raise click.ClickException(str(exc)) from exc
        if settings.audit_key():
            try:
                checkpoint(store, load_signing_key(_key()))
            except AuditKeyError as exc:
                raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(summary, indent=2))
