"""Shared test fixtures: where the real data lives, and a fresh warehouse per test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data: the real public data the tests run on (see its README)."""
    if not SHARED_DATA.exists():
        pytest.fail(f"real test data not found at {SHARED_DATA}: clone the repo beside shared/")
    return SHARED_DATA


@pytest.fixture()
def warehouse(tmp_path):
    """An empty warehouse in a temporary folder."""
    from techties.warehouse import Warehouse

    wh = Warehouse(tmp_path / "test.duckdb")
    yield wh
    wh.close()
