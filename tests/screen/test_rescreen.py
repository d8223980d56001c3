import json
from pathlib import Path

from click.testing import CliRunner

from redtrace.cli import main
from redtrace.lists.load import parse_paths

UN = "un"


def _added_in_february(shared_lists: Path) -> tuple[str, str]:
    jan = parse_paths([shared_lists / UN / "UN_consolidated_2026-01-28.xml"])[0][0]
    feb = parse_paths([shared_lists / UN / "UN_consolidated_2026-02.xml"])[0][0]
    new = sorted(set(feb.entities) - set(jan.entities))
    entity = feb.entities[new[0]]
    return entity.proxy.caption, entity.schema


def test_a_new_designation_alerts_after_the_update_only(db: Path, shared_lists: Path) -> None:
    runner = CliRunner()
    new_name, new_schema = _added_in_february(shared_lists)
    parties = [
        {"id": "cust-new", "schema": new_schema, "properties": {"name": [new_name]}},
        {"id": "cust-old", "schema": "Person", "properties": {"name": ["Joseph Kony"]}},
        {"id": "cust-clean", "schema": "Company", "properties": {"name": ["Acme Widgets GmbH"]}},
    ]
    lines = "\n".join(json.dumps(p) for p in parties) + "\n"
    assert (
        runner.invoke(
            main, ["lists", "load", str(shared_lists / UN / "UN_consolidated_2026-01-28.xml")]
        ).exit_code
        == 0
    )
    loaded = runner.invoke(main, ["parties", "load"], input=lines)
    assert loaded.exit_code == 0 and "3 parties stored" in loaded.stdout

    first = runner.invoke(main, ["rescreen"])
    ids = {json.loads(x)["id"] for x in first.stdout.splitlines()}
    assert ids == {"cust-old"}  # the new party is not listed yet

    assert (
        runner.invoke(
            main, ["lists", "load", str(shared_lists / UN / "UN_consolidated_2026-02.xml")]
        ).exit_code
        == 0
    )
    second = runner.invoke(main, ["rescreen"])
    alerts = [json.loads(x) for x in second.stdout.splitlines()]
    assert {a["id"] for a in alerts} == {"cust-new"}  # only what changed was screened
    assert alerts[0]["from_version"] == 1 and alerts[0]["to_version"] == 2
    assert alerts[0]["results"][0]["match"]

    third = runner.invoke(main, ["rescreen"])
    assert third.stdout == ""  # nothing new since


def test_bad_party_lines_are_reported(db: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["parties", "load"],
        input='{"id": "x", "schema": "Person", "properties": {}}\nnot json\n',
    )
    assert result.exit_code == 1
    assert "line 1" in result.stderr and "line 2" in result.stderr
