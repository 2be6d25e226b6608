"""Fixtures: sample sites copied to a temporary directory."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import SITES

if TYPE_CHECKING:
    from pathlib import Path


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
