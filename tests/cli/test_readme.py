"""Every ``redtrace`` command in the README's shell blocks names a real command with real
options and values, as written (files it reads may be the reader's own, so a path that does
not exist here is allowed; anything else click refuses fails the test)."""

import re
import shlex
from pathlib import Path

import click

from redtrace.cli import main

README = Path(__file__).parents[2] / "README.md"


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    text = "\n".join(blocks).replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        found = re.search(r"(?:^|\$\(|&& )(redtrace [^)&|>]*)", line)
        if found:
            out.append(found.group(1).strip())
    return out


def parse(args: list[str]) -> None:
    """Parse as click would run it, down to the last subcommand, without running it."""
    command: click.Command = main
    ctx = command.make_context("redtrace", list(args))
    while isinstance(command, click.Group):
        # click 8.2 keeps the subcommand apart ("protected"); click 9 will keep it in args.
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        if not rest:
            return
        sub = command.get_command(ctx, rest[0])
        assert sub is not None, f"no command {rest[0]!r}"
        command = sub
        ctx = command.make_context(rest[0], rest[1:], parent=ctx)


def test_readme_commands_parse() -> None:
    commands = readme_commands()
    assert len(commands) >= 30
    bad = []
    for line in commands:
        try:
            parse(shlex.split(line)[1:])
        except click.BadParameter as exc:
            if "does not exist" not in str(exc) and "No such file" not in str(exc):
                bad.append(f"{line}: {exc}")
        except (click.UsageError, AssertionError) as exc:
            bad.append(f"{line}: {exc}")
    assert not bad, bad
