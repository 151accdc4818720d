"""Network export: curated ties, co-authorship from real OpenAlex records, GraphML and VOSviewer files."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from typer.testing import CliRunner

from techties.cli import app
from techties.metrics.network import build_network, write_graphml, write_vosviewer
from techties.sources.curated import load_curated_dir
from techties.sources.openalex_snapshot import read_snapshot

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


def test_curated_ties_and_graphml(tmp_path):
    data = load_curated_dir()
    net = build_network(data)
    key = tuple(sorted(("org:mipt", "org:huawei-russia")))
    assert net.edges[key]["initiative"] >= 1
    assert net.edges[tuple(sorted(("org:rcif", "org:megvii")))]["deal"] == 1
    assert not any(n.endswith("-unnamed") for n in net.nodes)
    path = tmp_path / "n.graphml"
    write_graphml(net, path)
    root = ET.parse(path).getroot()
    assert len(root.findall(".//g:node", NS)) == len(net.nodes)
    assert len(root.findall(".//g:edge", NS)) == len(net.edges)


def test_coauthorship_from_real_works_and_vosviewer(tmp_path, shared_data, warehouse):
    works = [w for _, w in read_snapshot(shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz")
             if not hasattr(w, "error")]
    run = warehouse.start_run("test", {}, [])
    warehouse.store_batch(works, [], run_id=run)
    # independent count of institution pairs sharing a work, rolled up to parents
    parent = dict(warehouse.con.execute("SELECT institution_id, coalesce(parent_id, institution_id) FROM institutions")
                  .fetchall())
    pairs = set()
    for w in works:
        insts = sorted({parent.get(a.institution_id, a.institution_id) for a in w.authorships if a.institution_id})
        pairs |= {(a, b) for i, a in enumerate(insts) for b in insts[i + 1:]}
    net = build_network(load_curated_dir(), warehouse.con)
    co = [k for k, v in net.edges.items() if "coauthorship" in v]
    assert pairs and len(co) == len(pairs)
    out = tmp_path / "n.json"
    write_vosviewer(net, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    items, links = doc["network"]["items"], doc["network"]["links"]
    assert len(items) == len(net.nodes) and len(links) == len(net.edges)
    ids = {i["id"] for i in items}
    assert all(link["source_id"] in ids and link["target_id"] in ids and link["strength"] > 0 for link in links)


def test_cli_network(tmp_path):
    out = tmp_path / "net.graphml"
    res = CliRunner().invoke(app, ["network", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.exists() and "organisations" in res.output
    bad = CliRunner().invoke(app, ["network", "--out", str(tmp_path / "net.txt")])
    assert bad.exit_code != 0


def test_network_files_state_what_they_rest_on(tmp_path, shared_data, warehouse):
    """A GraphML or VOSviewer file opened alone says its dates, version and synthetic works."""
    import techties

    works = [w for _, w in read_snapshot(shared_data / "openalex" / "works_2022_schema_tu9.jsonl.gz")
             if not hasattr(w, "error")]
    run = warehouse.start_run("test", {}, [])
    warehouse.store_batch(works, [], run_id=run)
    net = build_network(load_curated_dir(), warehouse.con)
    graphml, vos = tmp_path / "n.graphml", tmp_path / "n.json"
    write_graphml(net, graphml)
    write_vosviewer(net, vos)
    root = ET.parse(graphml).getroot()
    graph_data = {d.get("key"): d.text for d in root.find("g:graph", NS).findall("g:data", NS)}
    # curated_on: 2026-11-23 heads initiatives.yaml and deals.yaml; the sample's works are real, none synthetic
    expected = {"initiatives_as_of": "2026-11-23", "deals_as_of": "2026-11-23",
                "techties_version": techties.__version__, "works": str(len({w.work_id for w in works})),
                "synthetic_works": "0"}
    assert {k: graph_data[k] for k in expected} == expected and graph_data["works_as_of"]
    prov = json.loads(vos.read_text(encoding="utf-8"))["techties_provenance"]
    assert {k: str(prov[k]) for k in expected} == expected
