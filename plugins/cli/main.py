"""Entry point of the `playbook` command."""

from __future__ import annotations

import sys

import click

from plugins.cli.baseline import baseline_command
from plugins.cli.check import check_command
from plugins.cli.codeowners import codeowners_command
from plugins.cli.common import EXIT_USAGE
from plugins.cli.diff import diff_command
from plugins.cli.imports import import_command
from plugins.cli.new import new_command
from plugins.cli.release import release_command
from plugins.cli.schema import schema_command


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="playbook")
def cli() -> None:
    """Playbook: check, scaffold and release a docs-as-code product-operations playbook."""


cli.add_command(check_command)
cli.add_command(baseline_command)
cli.add_command(schema_command)
cli.add_command(release_command)
cli.add_command(new_command)
cli.add_command(codeowners_command)
cli.add_command(diff_command)
cli.add_command(import_command)


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
