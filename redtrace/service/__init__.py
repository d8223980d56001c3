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

from redtrace.service.alerts import alert_queue, order_case
from redtrace.service.audit import (
    NoRecorder,
    Recorder,
    StoreRecorder,
    audit_checkpoints,
    verify_log,
)
from redtrace.service.index import (
    IndexHolder,
    Snapshot,
    build_matcher,
    scorer_config,
    stale_datasets,
)
from redtrace.service.ingest import ingest_document
from redtrace.service.orders import OrderDesk, ReleaseError, release_order
from redtrace.service.rescreen import pending_deltas, rescreen
from redtrace.service.screening import dataset_versions, match_queries, one_name, search

__all__ = [
    "IndexHolder",
    "NoRecorder",
    "OrderDesk",
    "Recorder",
    "ReleaseError",
    "Snapshot",
    "StoreRecorder",
    "alert_queue",
    "audit_checkpoints",
    "build_matcher",
    "dataset_versions",
    "ingest_document",
    "match_queries",
    "one_name",
    "order_case",
    "pending_deltas",
    "release_order",
    "rescreen",
    "scorer_config",
    "search",
    "stale_datasets",
    "verify_log",
]
