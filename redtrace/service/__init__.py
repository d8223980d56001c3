"""The use cases of redtrace, each written once; the CLI, the JSON API and the pages are thin
faces over them. A face parses its input, calls one of these, and renders what comes back.

- ``index``: the matcher a long-running face serves from, rebuilt when lists change
- ``screening``: screen queries, a search, one name
- ``orders``: check orders (history and ownership always), release with four eyes
- ``alerts``: the queue of what needs a person, and one case
- ``rescreen``: stored parties against what changed in the lists
- ``ingest``: a document into source-linked facts
- ``audit``: where every use case records what it decided
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Imported at once: the submodule of the same name would otherwise shadow the function.
from redtrace.service.rescreen import pending_deltas, rescreen

if TYPE_CHECKING:
    from redtrace.service.alerts import alert_queue, order_case
    from redtrace.service.audit import NoRecorder, Recorder
    from redtrace.service.index import (
        IndexHolder,
        Snapshot,
        build_matcher,
        cached_matcher,
        stale_datasets,
    )
    from redtrace.service.ingest import ingest_document
    from redtrace.service.orders import OrderDesk, ReleaseError, release_order
    from redtrace.service.screening import dataset_versions, match_queries, one_name, search

# Each name is imported on first use (PEP 562): a command that needs screening does not
# load the order desk, the document reader and their dependencies.
_FROM = {
    "IndexHolder": "index",
    "NoRecorder": "audit",
    "OrderDesk": "orders",
    "Recorder": "audit",
    "ReleaseError": "orders",
    "Snapshot": "index",
    "alert_queue": "alerts",
    "build_matcher": "index",
    "cached_matcher": "index",
    "dataset_versions": "screening",
    "ingest_document": "ingest",
    "match_queries": "screening",
    "one_name": "screening",
    "order_case": "alerts",
    "pending_deltas": "rescreen",
    "release_order": "orders",
    "rescreen": "rescreen",
    "search": "screening",
    "stale_datasets": "index",
}

__all__ = [
    "IndexHolder",
    "NoRecorder",
    "OrderDesk",
    "Recorder",
    "ReleaseError",
    "Snapshot",
    "alert_queue",
    "build_matcher",
    "cached_matcher",
    "dataset_versions",
    "ingest_document",
    "match_queries",
    "one_name",
    "order_case",
    "pending_deltas",
    "release_order",
    "rescreen",
    "search",
    "stale_datasets",
]


def __getattr__(name: str) -> Any:
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'redtrace.service' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"redtrace.service.{module}"), name)
    globals()[name] = value
    return value
