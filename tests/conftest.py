"""Fixtures: sample sites copied to a temporary directory."""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import CONTENT_DAY, SITES
from hypothesis import settings

# Property tests have no per-example deadline (CI machines are shared and slow down unevenly),
# and on CI they draw the same examples every run, so a green run stays green.
settings.register_profile("playbook", deadline=None)
settings.register_profile("playbook-ci", deadline=None, derandomize=True)
settings.load_profile("playbook-ci" if os.environ.get("CI") else "playbook")

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture(scope="session", autouse=True)
def _parse_cache_in_a_temporary_directory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """`playbook check` keeps a cache in the user's cache directory: the tests keep theirs apart."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path_factory.mktemp("parse-cache")))
        yield


@pytest.fixture(scope="session", autouse=True)
def _today_is_the_content_day() -> Iterator[None]:
    """Every check and command the tests run without a date of their own runs as of the day the
    default playbook's data was last brought up to date, not the calendar's today: a review or a
    KPI coming due in the real world must not turn the suite red (the checks that report it are
    tested with dates of their own)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAYBOOK_TODAY", CONTENT_DAY.isoformat())
        yield


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="Rewrite golden files.")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of tests/sites/minimal."""
    target = tmp_path / "site-src"
    shutil.copytree(SITES / "minimal", target)
    return target
