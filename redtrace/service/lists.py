"""The lists as a person reads them: each dataset's versions with publication date and age,
and what changed between two versions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from redtrace.store import diff, resolve_versions
from redtrace.store.interface import StoreProtocol

__all__ = ["list_catalog", "list_changes"]


def _age_days(published: str | None) -> int | None:
    """Days since publication; None when the authority's file gives no date."""
    try:
        day = date.fromisoformat(published[:10]) if published else None
    except ValueError:
        day = None
    return (datetime.now(UTC).date() - day).days if day else None


def list_catalog(store: StoreProtocol) -> list[dict[str, Any]]:
    """One row per dataset: the current version, its publication date and age in days
    (None: no publication date),
    its entity count, and every version kept."""
    out = []
    for name in store.datasets():
        current = store.current_version(name)
        versions = store.versions(name)
        now = next((v for v in versions if v.version == current), None)
        if now is None:
            continue
        out.append({
            "dataset": name, "version": now.version, "published": now.published,
            "loaded_at": now.loaded_at.isoformat(timespec="seconds"),
            "age_days": _age_days(now.published), "entities": now.entities,
            "versions": sorted(v.version for v in versions),
        })  # fmt: skip
    return out


def list_changes(
    store: StoreProtocol, dataset: str, v_from: int | None, v_to: int | None, limit: int = 500
) -> dict[str, Any]:
    """Changes between two versions (default: the previous to the current one), counted by
    kind, the first ``limit`` listed. Raises ``StoreError`` for an unknown dataset or version."""
    a, b = resolve_versions(store, dataset, v_from, v_to)
    counts = {"added": 0, "removed": 0, "changed": 0}
    shown: list[dict[str, Any]] = []
    for change in diff(store, dataset, a, b):
        counts[change.kind] += 1
        if len(shown) < limit:
            shown.append(change.to_dict())
    return {"dataset": dataset, "from": a, "to": b, "counts": counts, "changes": shown}
