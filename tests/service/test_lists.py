"""The lists as the workspace shows them: versions, ages, and what changed between two."""

from __future__ import annotations

from pathlib import Path

import pytest

from redtrace.lists.load import parse_paths
from redtrace.service import list_catalog, list_changes
from redtrace.store import StoreError, diff, open_store


def test_catalog_and_changes_of_the_un_list(store_url: str, shared_lists: Path) -> None:
    un = shared_lists / "un"
    with open_store(store_url) as store:
        for name in ("UN_consolidated_2026-01-28.xml", "UN_consolidated_2026-02.xml"):
            store.load(parse_paths([un / name])[0][0])
        [row] = list_catalog(store)
        assert row["dataset"] == "un_sc_sanctions" and row["version"] == 2
        assert row["versions"] == [1, 2] and row["entities"] > 900
        changes = list_changes(store, "un_sc_sanctions", None, None, limit=3)
        assert (changes["from"], changes["to"]) == (1, 2)
        # The counts are those of the store's own diff, and at most `limit` are listed.
        kinds = [c.kind for c in diff(store, "un_sc_sanctions", 1, 2)]
        assert changes["counts"] == {k: kinds.count(k) for k in ("added", "removed", "changed")}
        assert changes["counts"]["added"] >= 1 and len(changes["changes"]) == min(3, len(kinds))
        assert all(c["list_refs"] for c in changes["changes"] if c["change"] != "removed")
        with pytest.raises(StoreError, match="no version 7"):
            list_changes(store, "un_sc_sanctions", 1, 7)
        with pytest.raises(StoreError, match="not loaded"):
            list_changes(store, "nope", None, None)
