"""The dataset catalogue: titles, authorities, licences and official URLs (``sources.yml``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

SOURCES = Path(__file__).with_name("sources.yml")


@cache
def sources() -> dict[str, dict[str, Any]]:
    with SOURCES.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = yaml.safe_load(fh)
    return data


def title(dataset: str) -> str:
    entry = sources().get(dataset)
    return str(entry["title"]) if entry else dataset
