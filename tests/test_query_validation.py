"""One validation for every face: `build_query` and `techties research` refuse a bad query with one
line (exit 2) and accept any case; an empty selection says so instead of printing silent zeros."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.errors import EXIT_USAGE, UsageError
from techties.metrics.query import build_query
from tests import oracle_fixture

runner = CliRunner()


@pytest.mark.parametrize("args, message", [
    (("CN", "RUS"), "'RUS' is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US): use its two-letter code RU"),
    (("CN", "XX"), "'XX' is not an ISO 3166-1 alpha-2 country code"),
    (("CN", "XK"), "'XK' is not an ISO 3166-1 alpha-2"),  # user-assigned (Kosovo): not ISO
    (("CN", "1"), "'1' is not an ISO 3166-1 alpha-2"),
    (("CN", "CN"), "--pair CN CN: the two countries must differ"),
    (("cn", "Cn"), "--pair CN CN: the two countries must differ"),
])
def test_bad_pairs(args, message):
    with pytest.raises(UsageError) as e:
        build_query(*args)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_baseline_must_be_a_third_country():
    with pytest.raises(UsageError, match="--baseline RU: the baseline must be a third country"):
        build_query("CN", "RU", baseline="ru")
    with pytest.raises(UsageError, match="use its two-letter code US"):
        build_query("CN", "RU", baseline="USA")


def test_years_in_order_and_the_message_gives_the_right_order():
    with pytest.raises(UsageError) as e:
        build_query("CN", "RU", years="2019-2010")
    assert str(e.value) == "--years 2019-2010: write the earlier year first: 2010-2019"
    with pytest.raises(UsageError, match="write the earlier year first: 2010-2019"):
        build_query("CN", "RU", years=(2019, 2010))
    with pytest.raises(UsageError, match="e.g. 2010-2019"):
        build_query("CN", "RU", years="last year")
    assert build_query("CN", "RU", years="2015").years == (2015, 2015)


def test_case_insensitive_codes_and_areas():
    q = build_query("cn", "ru", baseline="us", area="AI", language="ZH")
    assert (q.a, q.b, q.baseline, q.area, q.language) == ("CN", "RU", "US", "ai", "zh")
    assert build_query("CN", "RU", area="AI-Fields").area == "ai-fields"
    assert build_query("CN", "RU", area="WOS-WC:Robotics").area == "wos-wc:Robotics"
    assert build_query("hk", "tw").a == "HK"  # ISO 3166 has Hong Kong, Macau and Taiwan
    with pytest.raises(UsageError, match="--area 'robots': unknown area") as refused:
        build_query("CN", "RU", area="robots")
    assert ", robotics, computer-vision," in str(refused.value)  # the classifier areas are offered too
    assert build_query("CN", "RU", area="Robotics").area == "robotics"


def test_cli_refuses_with_one_line_and_exit_2(tmp_path):
    db = tmp_path / "w.duckdb"
    for args, needle in [(["--pair", "CN", "RUS"], "RUS"), (["--pair", "CN", "XX"], "XX"),
                         (["--pair", "CN", "RU", "--baseline", "USA"], "USA"), (["--pair", "CN", "CN"], "differ"),
                         (["--pair", "CN", "RU", "--years", "2019-2010"], "2010-2019"),
                         (["--pair", "CN", "RU", "--area", "nonsense"], "--area")]:
        res = runner.invoke(app, ["research", *args, "--db", str(db)])
        assert res.exit_code == EXIT_USAGE, (args, res.output)
        assert res.stderr.startswith("error: ") and needle in res.stderr and res.stderr.count("\n") == 1, res.stderr
        assert "Traceback" not in res.output and res.stdout == ""


def test_cli_accepts_lower_case_and_notes_an_empty_selection(warehouse, tmp_path):
    oracle_fixture.build(warehouse.con)
    warehouse.con.execute("CHECKPOINT")
    warehouse.close()
    res = runner.invoke(app, ["research", "--pair", "cn", "ru", "--years", "2030-2031", "--db", str(warehouse.path)])
    assert res.exit_code == 0, res.output
    assert "EMPTY: no works match this selection (years 2030–2031" in " ".join(res.stdout.split())
    res = runner.invoke(app, ["research", "--pair", "cn", "de", "--years", "2016-2018", "--db", str(warehouse.path)])
    assert res.exit_code == 0 and "EMPTY: no CN–DE co-authored works among the 18 selected works" in res.stdout


def test_other_options_and_defaults():
    q = build_query("CN", "RU")
    assert (q.baseline, q.years, q.area, q.language, q.china_scope, q.top, q.ai_threshold) == (
        None, None, None, None, "mainland", 10, None)
    assert build_query("CN", "RU", area="openalex-concept:Ethics: AI").area == "openalex-concept:Ethics: AI"
    assert build_query("CN", "RU", area=" all ").area == "all" and build_query("CN", "RU", area=" ").area is None
    for kwargs, message in [({"language": "english!"}, "--language 'english!': use a two-letter language code"),
                            ({"top": 0}, "--top 0: must be at least 1"),
                            ({"ai_threshold": 1.5}, "--ai-threshold 1.5: must be between 0 and 1"),
                            ({"china_scope": "taiwan"}, "--china-scope 'taiwan': use one of mainland, with-hk-mo"),
                            ({"area": "wos-wc:"}, "--area 'wos-wc:'")]:
        with pytest.raises(UsageError) as e:
            build_query("CN", "RU", **kwargs)
        assert str(e.value).startswith(message), str(e.value)
    assert build_query("CN", "RU", language="NON-EN", top=1, ai_threshold=0.0).language == "non-en"
    with pytest.raises(UsageError) as e:
        build_query("CN", "R\x1bU")
    assert "\x1b" not in str(e.value) and "'R?U'" in str(e.value)
