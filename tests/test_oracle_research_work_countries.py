"""Every research oracle of tests/test_oracle_research.py again, on the same hand-made fixture with its
`work_countries` table built: the figures worked out by hand there hold whichever way a query reads
the countries (that module itself reads them from `authorships`, as the fixture is written by hand)."""

from __future__ import annotations

import pytest

from tests import oracle_fixture
from tests.test_oracle_research import *  # noqa: F403 - the oracle tests themselves, run with the fixture below
from tests.test_oracle_research import result  # noqa: F401 - the fixture they share, explicitly


@pytest.fixture(scope="module")
def con(tmp_path_factory):  # overrides the oracle module's: the same warehouse, its table refreshed
    from techties.warehouse import Warehouse
    from techties.warehouse.work_countries import refresh_work_countries, work_countries_source

    wh = Warehouse(tmp_path_factory.mktemp("oracle-wc") / "w.duckdb")
    oracle_fixture.build(wh.con)
    refresh_work_countries(wh.con)
    assert work_countries_source(wh.con) == "work_countries"
    yield wh.con
    wh.close()
