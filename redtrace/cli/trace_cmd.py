"""``redtrace trace``: clusters, paths, neighbourhoods and ownership of parties."""

from __future__ import annotations

from typing import IO, Any

import click
import networkx as nx
import orjson

from redtrace.cli.common import cli_user, open_store, recorder
from redtrace.service.changes import judge, undo_judgement
from redtrace.trace.build import build_graph
from redtrace.trace.clusters import clusters
from redtrace.trace.graph import PartyGraph
from redtrace.trace.ownership import Ownership
from redtrace.trace.paths import cytoscape, find_party, ftm, neighbourhood, paths
from redtrace.trace.resolve import VERDICTS, active, auto_judge, candidates, party_key


class TraceGroup(click.Group):
    """``redtrace trace ENTITY`` means ``redtrace trace show ENTITY``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


def _graph() -> PartyGraph:
    with open_store() as store:
        return build_graph(store)


def _party(graph: PartyGraph, key: str) -> str:
    pid = find_party(graph, key)
    if pid is None:
        raise click.ClickException(f"no party {key!r} in the checked orders")
    return pid


def _dump(data: Any) -> None:
    click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())


@click.group(cls=TraceGroup)
def trace() -> None:
    """Trace the network of parties seen in checked orders, lists and FtM data."""


@trace.command("clusters")
@click.option("-o", "--output", type=click.File("wb"), default="-")
@click.option("--min-size", type=int, default=2, show_default=True)
def clusters_cmd(output: IO[bytes], min_size: int) -> None:
    """Groups of parties tied by shared identifiers, riskiest first (JSON Lines)."""
    for cluster in clusters(_graph(), min_size):
        output.write(orjson.dumps(cluster) + b"\n")


@trace.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--max-hops", type=int, default=6, show_default=True)
def path_cmd(a: str, b: str, max_hops: int) -> None:
    """Shortest evidence-backed paths between parties A and B."""
    graph = _graph()
    _dump(paths(graph, _party(graph, a), _party(graph, b), max_hops))


@trace.command("show")
@click.argument("entity")
@click.option("--depth", type=int, default=2, show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "cytoscape", "graphml", "gexf", "ftm"]),
    default="json",
)
def show_cmd(entity: str, depth: int, fmt: str) -> None:
    """The neighbourhood of a party (by id, source id or name)."""
    graph = _graph()
    view = neighbourhood(graph, _party(graph, entity), depth)
    if fmt == "cytoscape":
        _dump(cytoscape(view))
    elif fmt == "ftm":
        for record in ftm(graph, view):
            click.echo(orjson.dumps(record).decode())
    elif fmt in ("graphml", "gexf"):
        sub = nx.Graph()
        for n in view["nodes"]:
            sub.add_node(n["id"], label=str(n.get("label")), kind=str(n.get("kind")))
        for e in view["edges"]:
            sub.add_edge(
                e["from"],
                e["to"],
                relation=e["relation"],
                evidence=orjson.dumps(e["evidence"]).decode(),
            )
        writer = nx.generate_graphml if fmt == "graphml" else nx.generate_gexf
        click.echo("\n".join(writer(sub)))
    else:
        _dump(view)


@trace.command("resolve")
@click.option("--min-score", type=float, default=0.9, show_default=True)
def resolve_cmd(min_score: float) -> None:
    """Find parties that are probably the same; record the rule's judgement for strong pairs."""
    with open_store() as store:
        graph = build_graph(store)
        pairs = candidates(graph)
        made = auto_judge(store, graph, min_score)
    for c in pairs:
        click.echo(orjson.dumps({"left": party_key(graph, c.left), "right": party_key(graph, c.right),
                                 "left_caption": graph.parties[c.left].caption,
                                 "right_caption": graph.parties[c.right].caption,
                                 "score": c.score, "name_score": c.name_score,
                                 "shared": c.shared}).decode())  # fmt: skip
    click.echo(f"redtrace: {len(pairs)} candidate pairs, {made} judged the same by rule", err=True)


@trace.command("judge")
@click.argument("left")
@click.argument("right")
@click.argument("verdict", type=click.Choice(VERDICTS))
@click.option("--by", "user", required=True)
@click.option("--reason", required=True)
def judge_cmd(left: str, right: str, verdict: str, user: str, reason: str) -> None:
    """Record a person's judgement that LEFT and RIGHT are the same party, or not."""
    with open_store() as store:
        graph = build_graph(store)
        for key in (left, right):
            _party(graph, key)  # both must exist; the keys are kept as given
        seq = judge(store, left, right, verdict, user, reason, recorder())
    click.echo(f"judgement {seq}: {left} {verdict} {right}")


@trace.command("undo")
@click.argument("seq", type=int)
def undo_cmd(seq: int) -> None:
    """Undo judgement SEQ (it stays on record, marked undone)."""
    with open_store() as store:
        if not undo_judgement(store, seq, cli_user(), recorder()):
            raise click.ClickException(f"no active judgement {seq}")
    click.echo(f"judgement {seq} undone")


@trace.command("judgements")
def judgements_cmd() -> None:
    """The active judgements, oldest first (JSON Lines)."""
    with open_store() as store:
        for j in active(store):
            click.echo(orjson.dumps(j, default=str).decode())


@trace.command("ownership")
@click.argument("entity")
@click.option("--date", "on", help="Apply ownership as it stood on this date (YYYY-MM-DD).")
def ownership_cmd(entity: str, on: str | None) -> None:
    """Aggregate ownership by listed parties and OFAC's 50 % rule, with the chains."""
    with open_store() as store:
        result = Ownership.from_store(store).fifty_percent(entity, on)
    _dump(result)
