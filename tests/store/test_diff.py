import csv
import io
from pathlib import Path

from redtrace.lists.load import parse_paths
from redtrace.store import Store, diff, resolve_versions
from tests.conftest import shared_bytes


def _ent_nums(path: Path) -> set[str]:
    text = shared_bytes(path).decode("cp1252")
    return {row[0] for row in csv.reader(io.StringIO(text, newline="")) if len(row) == 12}


def test_ofac_2019_to_2021_delta(store: Store, shared_lists: Path) -> None:
    base = shared_lists / "ofac_sdn_csv"
    for folder in ("2019-01", "2021-07"):
        parsed, _ = parse_paths([base / folder])
        store.load(parsed[0])
    a, b = resolve_versions(store, "us_ofac_sdn", None, None)
    assert (a, b) == (1, 2)
    changes = list(diff(store, "us_ofac_sdn", a, b))
    added = {c.id for c in changes if c.kind == "added"}
    removed = {c.id for c in changes if c.kind == "removed"}
    old, new = _ent_nums(base / "2019-01" / "sdn.csv"), _ent_nums(base / "2021-07" / "sdn.csv")
    assert added == {f"ofac-{n}" for n in new - old}
    assert removed == {f"ofac-{n}" for n in old - new}
    changed = [c for c in changes if c.kind == "changed"]
    assert changed and all(c.fields for c in changed)
    assert len(added) > 1500 and len(removed) > 0


def test_unchanged_versions_have_no_delta(store: Store, shared_lists: Path) -> None:
    parsed, _ = parse_paths([shared_lists / "us_bis" / "mieu.csv"])
    store.load(parsed[0])
    assert list(diff(store, "us_bis_mieu", 1, 1)) == []
