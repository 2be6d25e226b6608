"""Entry point of the `playbook` command."""

from __future__ import annotations

import importlib
import sys

import click

from plugins.cli.common import EXIT_USAGE

#: Each subcommand and where it lives: imported when it runs (or when help lists it), so that
#: `playbook check` does not pay for the importers' docutils or the diff's GitPython.
COMMANDS = {
    "check": "plugins.cli.check:check_command",
    "baseline": "plugins.cli.baseline:baseline_command",
    "schema": "plugins.cli.schema:schema_command",
    "release": "plugins.cli.release:release_command",
    "new": "plugins.cli.new:new_command",
    "codeowners": "plugins.cli.codeowners:codeowners_command",
    "diff": "plugins.cli.diff:diff_command",
    "import": "plugins.cli.imports:import_command",
    "maturity": "plugins.cli.maturity:maturity_command",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, attr = COMMANDS[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="playbook")
def cli() -> None:
    """Playbook: check, scaffold and release a docs-as-code product-operations playbook."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; returns the exit code instead of exiting (for tests)."""
    try:
        cli.main(args=argv, prog_name="playbook", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_USAGE
    except SystemExit as done:
        return int(done.code or 0) if not isinstance(done.code, str) else EXIT_USAGE
    except Exception as error:  # noqa: BLE001 - last resort: report, never a traceback
        click.echo(f"playbook: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("Please report this with the command you ran.", err=True)
        return EXIT_USAGE
    return 0


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
