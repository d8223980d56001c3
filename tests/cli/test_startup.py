"""Start-up: ``--version`` and ``--help`` load click alone, and single-name screening does
not load the FollowTheMoney model (timings are in bench/cli_latency.py, not here)."""

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from redtrace import __version__
from redtrace.cli import COMMANDS, main

PROBE = """
import sys
from redtrace.cli import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = [m for m in ("followthemoney", "duckdb", "redtrace.store", "redtrace.screen")
         if m in sys.modules]
print("LOADED", heavy)
"""


def loaded_after(args: list[str]) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    return out.rsplit("LOADED", 1)[1].strip()


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["-h"]])
def test_start_up_needs_no_heavy_module(args: list[str]) -> None:
    assert loaded_after(args) == "[]"


def test_help_lists_every_command_with_its_own_summary() -> None:
    ctx = click.Context(main)
    for name, (_, _, summary) in COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
        assert (command.help or "").split("\n\n")[0].replace("\n", " ").strip() == summary
    out = CliRunner().invoke(main, ["--help"])
    assert out.exit_code == 0 and all(name in out.output for name in COMMANDS)
    version = CliRunner().invoke(main, ["--version"])
    assert version.exit_code == 0 and __version__ in version.output
    assert CliRunner().invoke(main, ["no-such-command"]).exit_code == 2


def test_screening_modules_do_not_load_followthemoney() -> None:
    probe = ("import sys, redtrace.cli.match_cmd, redtrace.service.index;"
             "print('followthemoney' in sys.modules)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    assert out.strip() == "False"
