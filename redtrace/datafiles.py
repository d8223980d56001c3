"""The package's sourced data tables: CSV with a header row; lines starting with "#" before
it say where the data comes from and when it was compiled."""

from __future__ import annotations

import csv
from pathlib import Path


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))
