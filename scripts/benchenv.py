"""What every benchmark does before it measures: the same conditions for our code as for the code
it is compared with."""

from __future__ import annotations

import compileall
import importlib.util
import sys


def compile_package() -> None:
    """Write the bytecode of the `plugins` package the benchmarks run, as `pip install` writes
    every dependency's (Material's and MkDocs' modules are measured with theirs).

    An editable install writes it on the first import, unless bytecode writing is off
    (`PYTHONDONTWRITEBYTECODE=1`, set on some machines, this one included): then every measured
    process would compile the package's modules again, about 0.2 s of CPU a run that no installed
    copy of Playbook spends. Python reads existing bytecode whatever that setting says."""
    spec = importlib.util.find_spec("plugins")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the plugins package is not importable: run `make setup` first")
    for folder in spec.submodule_search_locations:
        if not compileall.compile_dir(folder, quiet=1):
            print(f"warning: some modules under {folder} did not compile", file=sys.stderr)
