"""The use cases of redtrace, each written once; the CLI, the JSON API and the pages are thin
faces over them. A face parses its input, calls one of these, and renders what comes back.

- ``index``: the matcher a long-running face serves from, rebuilt when lists change
- ``screening``: screen queries, a search, one name
- ``orders``: check orders (history and ownership always), release with four eyes
- ``alerts``: the queue of what needs a person, and one case
- ``lists``: datasets and versions as a person reads them, what changed
- ``network``: a party's neighbourhood and cluster, to draw
- ``rescreen``: stored parties against what changed in the lists
- ``ingest``: a document into source-linked facts
- ``audit``: where every use case records what it decided
"""

from redtrace.service.alerts import (
    CaseError,
    alert_queue,
    assign_case,
    case_history,
    comment_case,
    decide_screening,
    order_case,
    screening_case,
)
from redtrace.service.audit import (
    NoRecorder,
    Recorder,
    StoreRecorder,
    audit_checkpoints,
    audit_records,
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
from redtrace.service.lists import list_catalog, list_changes
from redtrace.service.network import party_network
from redtrace.service.orders import ACTIONS, OrderDesk, ReleaseError, decide_order, release_order
from redtrace.service.rescreen import pending_deltas, rescreen
from redtrace.service.screening import dataset_versions, match_queries, one_name, search

__all__ = [
    "ACTIONS",
    "CaseError",
    "IndexHolder",
    "NoRecorder",
    "OrderDesk",
    "Recorder",
    "ReleaseError",
    "Snapshot",
    "StoreRecorder",
    "alert_queue",
    "assign_case",
    "audit_checkpoints",
    "audit_records",
    "build_matcher",
    "case_history",
    "comment_case",
    "dataset_versions",
    "decide_order",
    "decide_screening",
    "ingest_document",
    "list_catalog",
    "list_changes",
    "match_queries",
    "one_name",
    "order_case",
    "party_network",
    "pending_deltas",
    "release_order",
    "rescreen",
    "scorer_config",
    "screening_case",
    "search",
    "stale_datasets",
    "verify_log",
]
