"""One `--years` parser for every command and the dashboard: the same grammar, the same one-line
messages, UsageError (exit 2). Expected values are written out by hand."""

from __future__ import annotations

import pytest

from techties.errors import EXIT_USAGE, UsageError
from tests.cli_errors import cli, one_line_error

FORM = "write a year or a range, e.g. 2010-2019"


def test_a_year_a_range_or_a_list_of_them():
    from techties.years import year_range, year_set

    assert year_range(None) is None and year_range("") is None
    assert year_range("2015") == (2015, 2015)
    assert year_range(" 2010 - 2012 ") == (2010, 2012)
    assert year_range("2010–2012") == (2010, 2012)  # an en dash, as typed or pasted
    assert year_range("2010:2012") == (2010, 2012)
    assert year_set(None) is None
    assert year_set("2016-2018, 2021") == {2016, 2017, 2018, 2021}
    assert year_set("2018") == {2018}


@pytest.mark.parametrize("text, message", [
    ("abc", f"--years 'abc': {FORM}"),
    ("2018-", f"--years '2018-': {FORM}"),
    ("201", f"--years '201': {FORM}"),
    ("2019-2010", "--years 2019-2010: write the earlier year first: 2010-2019"),
    ("2016, 2019-2010", "--years 2019-2010: write the earlier year first: 2010-2019"),
])
def test_the_same_refusal_whichever_form_is_wanted(text, message):
    from techties.years import year_range, year_set

    for parse in (year_range, year_set):
        with pytest.raises(UsageError) as refused:
            parse(text)
        assert str(refused.value) == message


def test_a_list_where_one_range_is_needed_says_so():
    from techties.years import year_range

    with pytest.raises(UsageError) as refused:
        year_range("2017,2019")
    assert str(refused.value) == ("--years '2017,2019': one year or one range here, e.g. 2010-2019 "
                                  "(a list such as 2017,2019 is for `techties investments`)")


@pytest.mark.parametrize("command", [["research"], ["investments"], ["watch"], ["report", "--out", "x"]])
def test_every_command_with_years_refuses_alike(command, tmp_path):
    db = tmp_path / "w.duckdb"
    extra = ["--db", str(db)] if command[0] != "investments" else []
    for text, line in (("2018-", f"error: --years '2018-': {FORM}"),
                       ("2019-2010", "error: --years 2019-2010: write the earlier year first: 2010-2019")):
        assert one_line_error(cli(*command, "--pair", "CN", "RU", "--years", text, *extra), EXIT_USAGE) == line


def test_the_dashboard_answers_400_with_the_same_line(tmp_path):
    from fastapi.testclient import TestClient

    from techties.warehouse import Warehouse
    from techties.web.app import create_app

    Warehouse(tmp_path / "w.duckdb").close()
    client = TestClient(create_app(tmp_path / "w.duckdb"))
    required = {"drill": {"table": "summary", "row": 0}, "drill-indicator": {"id": "pair_works"}}
    for endpoint in ("research", "drill", "drill-indicator", "deals", "initiatives", "network"):
        for years, detail in (("2010-", f"--years '2010-': {FORM}"),
                              ("2019-2010", "--years 2019-2010: write the earlier year first: 2010-2019")):
            got = client.get(f"/api/{endpoint}", params={"a": "CN", "b": "RU", "years": years,
                                                         **required.get(endpoint, {})})
            assert (got.status_code, got.json()["detail"]) == (400, detail), endpoint
