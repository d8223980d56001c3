"""``redtrace goods classify``: what an order line is, and which controls it falls under."""

from __future__ import annotations

import click
import orjson

from redtrace.goods import classify


@click.group()
def goods() -> None:
    """Classify goods against HS 2022 and the control tables."""


@goods.command("classify")
@click.argument("description", default="")
@click.option("--hs", help="HS code as declared (any length, dots or spaces allowed).")
@click.option("--cas", multiple=True, help="CAS Registry Number (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def classify_cmd(description: str, hs: str | None, cas: tuple[str, ...], as_json: bool) -> None:
    """Classify DESCRIPTION (English, German, Turkish, French, Spanish or Arabic)."""
    if not description and not hs and not cas:
        raise click.UsageError("give a description, --hs or --cas")
    result = classify(description, hs, list(cas)).to_dict()
    if as_json:
        click.echo(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())
        return
    if result["hs_code"]:
        state = "valid" if result["hs_valid"] else "NOT in HS 2022"
        click.echo(f"declared HS {result['hs_code']}: {state} {result['hs_description'] or ''}")
    for cand in result["candidates"]:
        click.echo(f"reads as HS {cand['hs']} ({cand['confidence']:.2f}): {cand['description']}")
        click.echo(f"    because {cand['reason']}")
    if not result["candidates"] and description:
        click.echo("no goods term recognised in the description")
    for control in result["controls"]:
        click.echo(
            f"CONTROL {control['regime']} {control['annex']}: {control['label']} - {control['note']}"
        )
        click.echo(f"    source: {control['source']}")
    for flag in result["flags"]:
        click.echo(f"FLAG {flag['code']} ({flag['severity']}): {flag['explanation']}")
