"""The cooperation network: organisations linked by co-authorship, deals and initiatives.

Why: bibliometric users explore networks in Gephi (GraphML) and VOSviewer (its JSON format).
One organisation is one node whatever the source: an institution in papers that matches a curated
organisation by name (normalised exact match on names and aliases) becomes that organisation's
node, and institutions are rolled up to their top parent (`institutions.parent_id`) first.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techties.resolve.org_links import PLACEHOLDERS, link_institutions
from techties.safety import xml_text
from techties.sources.curated import CuratedData

__all__ = ["Network", "build_network", "link_institutions", "write_graphml", "write_vosviewer"]

EDGE_KINDS = ("coauthorship", "deal", "initiative")


@dataclass
class Network:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> label, country, type, source
    edges: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)  # (a, b) -> kind -> weight
    provenance: dict[str, Any] = field(default_factory=dict)  # `network_provenance`: written into both files

    def add_edge(self, a: str, b: str, kind: str, weight: float = 1.0) -> None:
        if a == b:
            return
        key = (a, b) if a < b else (b, a)
        kinds = self.edges.setdefault(key, defaultdict(float))
        kinds[kind] += weight


def _org_node(net: Network, curated: CuratedData, org_id: str) -> str:
    nid = f"org:{org_id}"
    if nid not in net.nodes:
        org = curated.org(org_id)
        net.nodes[nid] = {"label": org.name, "country": org.country, "type": org.type, "source": "curated"}
    return nid


def build_network(curated: CuratedData, con=None, min_coauthored: int = 1) -> Network:
    """Nodes and weighted edges: initiative co-parties, investor-target pairs, and (with a
    warehouse connection) institutions co-occurring on works."""
    net = Network()
    for item in curated.initiatives:
        orgs = sorted({p.org for p in item.parties} - PLACEHOLDERS)
        for i, a in enumerate(orgs):
            for b in orgs[i + 1:]:
                net.add_edge(_org_node(net, curated, a), _org_node(net, curated, b), "initiative")
    for deal in curated.deals:
        for inv in deal.investors:
            net.add_edge(_org_node(net, curated, inv.org), _org_node(net, curated, deal.target), "deal")
    if con is not None:
        _add_coauthorship(net, curated, con, min_coauthored)
    net.provenance = network_provenance(curated, con)
    return net


def network_provenance(curated: CuratedData, con=None) -> dict[str, Any]:
    """What a network file rests on, stated in the file itself (a GraphML or VOSviewer file opened alone said
    nothing of its dates, version or synthetic works): the curated initiatives' and deals' as-of dates and,
    with a warehouse, its works, how many are synthetic and their latest as-of date."""
    from techties.warehouse.store import versions

    prov: dict[str, Any] = {
        "initiatives_as_of": (curated.curated_on or {}).get("initiatives.yaml"),
        "deals_as_of": (curated.curated_on or {}).get("deals.yaml"),
        "techties_version": versions()["techties"],
        "works": None, "synthetic_works": None, "works_as_of": None,
    }
    if con is not None:
        prov["works"], prov["synthetic_works"], prov["works_as_of"] = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE synthetic), max(as_of) FROM works").fetchone()
    return prov


def _add_coauthorship(net: Network, curated: CuratedData, con, min_coauthored: int) -> None:
    inst_to_org = {inst: org for org, insts in link_institutions(curated, con).items() for inst in insts}
    info = {r[0]: r[1:] for r in con.execute(
        "SELECT institution_id, name, country_code, type FROM institutions").fetchall()}
    pairs = con.execute(
        """
        WITH a AS (
            SELECT DISTINCT au.work_id, coalesce(i.parent_id, au.institution_id) AS inst
            FROM authorships au LEFT JOIN institutions i ON i.institution_id = au.institution_id
            WHERE au.institution_id IS NOT NULL
        )
        SELECT x.inst, y.inst, count(*) AS n FROM a x JOIN a y ON x.work_id = y.work_id AND x.inst < y.inst
        GROUP BY 1, 2 HAVING count(*) >= ?
        """,
        [min_coauthored],
    ).fetchall()

    def node(inst: str) -> str:
        if inst in inst_to_org:
            return _org_node(net, curated, inst_to_org[inst])
        nid = f"inst:{inst}"
        if nid not in net.nodes:
            name, country, kind = info.get(inst, (inst, None, None))
            net.nodes[nid] = {"label": name or inst, "country": country, "type": kind, "source": "papers"}
        return nid

    for a, b, n in pairs:
        net.add_edge(node(a), node(b), "coauthorship", float(n))


def write_graphml(net: Network, path: str | Path) -> None:
    """GraphML (Gephi, Cytoscape, networkx): node label/country/type, edge weight per kind."""
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    keys = [("label", "node", "string"), ("country", "node", "string"), ("type", "node", "string"),
            ("source", "node", "string"), ("weight", "edge", "double"), ("kinds", "edge", "string")]
    keys += [(f"w_{k}", "edge", "double") for k in EDGE_KINDS]
    keys += [(name, "graph", "string") for name in net.provenance]
    for name, target, typ in keys:
        ET.SubElement(root, "key", id=name, attrib={"for": target, "attr.name": name, "attr.type": typ})
    graph = ET.SubElement(root, "graph", id="techties", edgedefault="undirected")
    for name, value in net.provenance.items():  # the graph's own data: what it rests on
        ET.SubElement(graph, "data", key=name).text = "" if value is None else xml_text(str(value))
    for nid, attrs in sorted(net.nodes.items()):  # names and ids from the data: xml_text keeps the file XML
        el = ET.SubElement(graph, "node", id=xml_text(nid))
        for k in ("label", "country", "type", "source"):
            if attrs.get(k) is not None:
                ET.SubElement(el, "data", key=k).text = xml_text(attrs[k])
    for i, ((a, b), kinds) in enumerate(sorted(net.edges.items())):
        el = ET.SubElement(graph, "edge", id=f"e{i}", source=xml_text(a), target=xml_text(b))
        ET.SubElement(el, "data", key="weight").text = repr(float(sum(kinds.values())))
        ET.SubElement(el, "data", key="kinds").text = ",".join(sorted(kinds))
        for k, w in sorted(kinds.items()):
            ET.SubElement(el, "data", key=f"w_{k}").text = repr(float(w))
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def write_vosviewer(net: Network, path: str | Path) -> None:
    """VOSviewer JSON: items (id, label, cluster by country) and links (strength = total weight)."""
    ids = {nid: i + 1 for i, nid in enumerate(sorted(net.nodes))}
    countries = sorted({str(a.get("country")) for a in net.nodes.values()})
    strength: dict[str, float] = defaultdict(float)
    degree: dict[str, int] = defaultdict(int)
    for (a, b), kinds in net.edges.items():
        w = sum(kinds.values())
        for n in (a, b):
            strength[n] += w
            degree[n] += 1
    items = [
        {"id": ids[nid], "label": attrs["label"], "cluster": countries.index(str(attrs.get("country"))) + 1,
         "description": f"{attrs.get('type') or ''}, {attrs.get('country') or 'country unknown'}, {nid}",
         "weights": {"Links": degree[nid], "Total link strength": strength[nid]}}
        for nid, attrs in sorted(net.nodes.items())
    ]
    links = [{"source_id": ids[a], "target_id": ids[b], "strength": sum(k.values())}
             for (a, b), k in sorted(net.edges.items())]
    doc = {"network": {"items": items, "links": links},
           "config": {"terminology": {"item": "organisation", "items": "organisations",
                                      "link": "tie", "links": "ties"}},
           "techties_provenance": net.provenance}  # VOSviewer reads network and config only
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def pair_network(rows: list[tuple[str, str, int]], a: str, b: str) -> dict[str, list[dict[str, Any]]]:
    """The pair's organisation network from its institution pairs (`top_institution_pairs` rows:
    A-side name, B-side name, works): one node per organisation and country, weighted by works,
    one edge per pair. Why here: the dashboard draws it and must not build a second graph."""
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for x, y, n in rows:
        for name, country in ((x, a), (y, b)):
            node = nodes.setdefault(f"{country}:{name}", {"id": f"{country}:{name}", "label": name,
                                                          "country": country, "works": 0})
            node["works"] += n
        edges.append({"source": f"{a}:{x}", "target": f"{b}:{y}", "works": n})
    return {"nodes": list(nodes.values()), "edges": edges}
