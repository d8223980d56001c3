"""Network tracing: parties resolved across orders, lists and documents; clusters tied by
shared identifiers, evidence-backed paths, neighbourhoods, and ownership by listed parties."""

from redtrace.trace.build import build_graph
from redtrace.trace.clusters import clusters
from redtrace.trace.graph import PartyGraph, PartyNode
from redtrace.trace.ownership import Ownership
from redtrace.trace.paths import cytoscape, find_party, ftm, neighbourhood, paths
from redtrace.trace.resolve import VERDICTS, Candidate, auto_judge, candidates, party_key

__all__ = [
    "VERDICTS",
    "Candidate",
    "Ownership",
    "PartyGraph",
    "PartyNode",
    "auto_judge",
    "build_graph",
    "candidates",
    "clusters",
    "cytoscape",
    "find_party",
    "ftm",
    "neighbourhood",
    "party_key",
    "paths",
]
