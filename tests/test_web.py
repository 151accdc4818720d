"""The dashboard's JSON API (FastAPI TestClient): research tables, drill-down, works, side panels,
read-only warehouse, hostile text returned as JSON text and inserted by the page with textContent."""

from __future__ import annotations

import re

import duckdb
import pytest
from fastapi.testclient import TestClient

from techties.metrics.research import ResearchQuery, compute_research
from techties.web.app import STATIC, create_app
from tests.test_report_warehouse import EVIL_NAME, EVIL_TITLE, build_test_warehouse


@pytest.fixture(scope="module")
def db(tmp_path_factory, shared_data):
    return build_test_warehouse(shared_data, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


Q = {"a": "CN", "b": "RU", "baseline": "US", "years": "2010-2019"}


def test_research_matches_the_metrics(client, db):
    got = client.get("/api/research", params=Q).json()
    con = duckdb.connect(str(db), read_only=True)
    want = compute_research(con, ResearchQuery("CN", "RU", "US", (2010, 2019), top=15), explain=True)
    con.close()
    yearly = next(t for t in got["tables"] if t["name"] == "yearly")
    assert [tuple(r) for r in yearly["rows"]] == want.table("yearly").rows
    assert yearly["n_ids"] == [len(i) for i in want.table("yearly").work_ids]


def test_drill_returns_the_works_behind_a_cell_with_hostile_text_as_json(client):
    res = client.get("/api/research", params=Q).json()
    yearly = next(t for t in res["tables"] if t["name"] == "yearly")
    row = next(i for i, r in enumerate(yearly["rows"]) if r[0] == "CN-RU" and r[1] == 2018)
    d = client.get("/api/drill", params={**Q, "table": "yearly", "row": row}).json()
    assert d["n"] == yearly["rows"][row][2] == len(d["works"])
    evil = next(w for w in d["works"] if w["title"] == EVIL_TITLE)
    assert evil["doi"] == "https://doi.org/10.5555/evil.1"
    assert any(a["institution"] == EVIL_NAME for a in evil["affiliations"])
    assert client.get("/api/drill", params={**Q, "table": "summary", "row": 0}).status_code == 404
    assert client.get("/api/drill", params={**Q, "table": "yearly", "row": 9999}).status_code == 404


def test_works_endpoint_and_bad_input(client):
    w = client.get("/api/works", params={"ids": "openalex:W999999999901,nope"}).json()["works"]
    assert [x["title"] for x in w] == [EVIL_TITLE]
    assert client.get("/api/research", params={**Q, "years": "20x0"}).status_code == 400
    assert client.get("/api/research", params={**Q, "a": "CHINA'; DROP TABLE works;--"}).status_code == 400
    r = client.get("/api/research", params={**Q, "area": "ai"})
    assert r.status_code == 400 and "classify apply" in r.json()["detail"]


def test_side_panels(client):
    ini = client.get("/api/initiatives").json()["initiatives"]
    assert ini and all(x["sources"] for x in ini)
    deals = client.get("/api/deals").json()
    assert deals["deals"] and deals["report"]["rule"] == "whole"
    assert client.get("/api/deals", params={"rule": "nope"}).status_code == 400
    assert client.get("/api/screening").json()["hits"] == []
    net = client.get("/api/network", params={"years": "2010-2019"}).json()
    assert net["nodes"] and net["edges"]
    assert any(n["label"] == EVIL_NAME for n in net["nodes"])
    prov = client.get("/api/provenance").json()
    assert prov["read_only"] is True and prov["sources"]


def test_warehouse_is_opened_read_only(client):
    with pytest.raises(duckdb.Error):
        client.app.state.con.execute("CREATE TABLE x (a INTEGER)")


def test_page_assets_are_local_and_untrusted_text_uses_text_content(client):
    html = client.get("/").text
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    for name in ("app.js", "chart.js"):
        js = (STATIC / name).read_text()
        assert client.get(f"/static/{name}").status_code == 200
        assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
        assert "textContent" in js or "createTextNode" in js


def test_first_view_matches_the_page_defaults_and_warming_caches_it(db):
    """`techties serve` warms FIRST_VIEW; it must be what the page asks for with its default filters."""
    import re
    from urllib.parse import parse_qs, urlsplit

    from techties.web.app import FIRST_VIEW, warm_first_view

    page = (STATIC / "index.html").read_text()
    defaults = dict(re.findall(r'<input name="(\w+)"[^>]*?value="([^"]*)"', page))
    research = next(p for p in FIRST_VIEW if p.startswith("/api/research"))
    query = {k: v[0] for k, v in parse_qs(urlsplit(research).query).items()}
    assert query == {"a": defaults["a"], "b": defaults["b"], "baseline": defaults["baseline"],
                     "years": f"{defaults['y1']}-{defaults['y2']}"}
    app = create_app(db)
    client = TestClient(app)
    asked: list[str] = []

    def get(path: str):
        asked.append(path)
        response = client.get(path)
        assert response.status_code == 200, path
        return response

    assert len(app.state.cache.items) == 0
    warm_first_view(get)
    assert asked == list(FIRST_VIEW)
    cached = {key[1][0] for key in app.state.cache.items if key[0] == "json"}
    assert cached == {"provenance", "research", "network", "screening", "deals", "initiatives"}
