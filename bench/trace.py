"""Network-tracing benchmark: resolution and clustering at scale.

Builds a synthetic party graph (fictional names) of N parties with about 10 identifier
edges each (addresses, phones, e-mails, payers drawn so that some are shared, and planted
rings of parties sharing several identifiers), then times: graph build, clustering by shared
identifiers, and resolution (candidate pairs by blocking on names, scored). Reports peak
memory. Target (issue #8): 100,000 parties with 1,000,000 identifier edges resolved and
clustered in under 5 minutes on 2 cores. Writes bench/results/trace.json.
Run from the repository root: python bench/trace.py [--parties 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

from redtrace.trace.clusters import clusters
from redtrace.trace.graph import PartyGraph, PartyNode
from redtrace.trace.resolve import candidates

OUT = Path(__file__).parent / "results" / "trace.json"
SYLLABLES = ["nor", "vel", "ka", "ster", "lin", "mar", "tek", "bro", "dal", "fen", "gra", "hol",
             "mira", "sol", "ven", "tas", "oz", "yil", "dem", "kar", "bel", "ros", "tan", "ul"]  # fmt: skip
FORMS = ["Ltd", "GmbH", "Ltd Sti", "LLC", "S.A.", "B.V.", "A.S.", "Trading"]


def build(n: int, rng: random.Random) -> tuple[PartyGraph, int]:
    graph = PartyGraph()
    edges = 0
    shared_pool = n // 4  # identifiers drawn from a pool smaller than the party count get shared
    for i in range(n):
        pid = f"p-{i + 1}"
        name = (
            "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + " " + rng.choice(FORMS)
        )
        graph.parties[pid] = PartyNode(
            pid, name, "Company", rng.choice(["tr", "de", "ae", "gb", "cn"])
        )
        graph.g.add_node(pid, kind="party", label=name)
        for kind, count in (("address", 3), ("phone", 3), ("email", 2), ("payer", 2)):
            for _ in range(count):
                value = f"{kind}-{rng.randrange(shared_pool * 400)}"  # rarely shared by chance
                graph._link(pid, f"{kind}:{value}", kind, value, {})
                edges += 1
    for ring in range(n // 1000):  # planted rings: 3-5 firms sharing an address and a phone
        members = rng.sample(range(1, n + 1), rng.randint(3, 5))
        for m in members:
            graph._link(f"p-{m}", f"address:ring-{ring}", "address", f"ring-{ring}", {})
            graph._link(f"p-{m}", f"phone:ring-{ring}", "phone", f"ring-{ring}", {})
            edges += 2
    return graph, edges


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parties", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(20261125)
    t0 = time.perf_counter()
    graph, edges = build(args.parties, rng)
    t1 = time.perf_counter()
    found = clusters(graph)
    t2 = time.perf_counter()
    pairs = candidates(graph)
    t3 = time.perf_counter()
    rings = sum(1 for c in found if any(t["value"].startswith("ring-") for t in c["shared"]))
    result = {
        "parties": args.parties, "identifier_edges": edges,
        "build_s": round(t1 - t0, 1), "cluster_s": round(t2 - t1, 1), "resolve_s": round(t3 - t2, 1),
        "total_s": round(t3 - t0, 1), "clusters": len(found), "planted_rings": args.parties // 1000,
        "rings_found": rings, "candidate_pairs": len(pairs),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "target_total_s": 300,
    }  # fmt: skip
    for key, value in result.items():
        print(f"{key:18} {value}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
