"""The brief as a page a browser reads: one element per id, every in-page link lands, numbers shown
with no more digits than metrics computed. Expected values worked out by hand."""

from __future__ import annotations

import collections
import re
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from techties.cli import app
from techties.report.brief import indicator_value, scope_svg_ids
from tests.test_report_facts import build_facts_warehouse


def test_scope_svg_ids_prefixes_ids_and_their_references_only():
    svg = ('<svg><defs><path id="m1" d="M0 0"/><clipPath id="p2"><rect/></clipPath></defs>'
           '<g id="figure_1"><use xlink:href="#m1"/><g clip-path="url(#p2)"/>'
           '<use xlink:href="#elsewhere"/><rect fill="url(#nowhere)"/></g></svg>')
    assert scope_svg_ids(svg, "fig_a") == (
        '<svg><defs><path id="fig_a-m1" d="M0 0"/><clipPath id="fig_a-p2"><rect/></clipPath></defs>'
        '<g id="fig_a-figure_1"><use xlink:href="#fig_a-m1"/><g clip-path="url(#fig_a-p2)"/>'
        '<use xlink:href="#elsewhere"/><rect fill="url(#nowhere)"/></g></svg>')


def test_scope_svg_ids_leaves_an_svg_without_ids_as_it_is():
    assert scope_svg_ids('<svg><rect width="1"/></svg>', "fig_a") == '<svg><rect width="1"/></svg>'


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    root = tmp_path_factory.mktemp("brief-page")
    db = build_facts_warehouse(root / "facts.duckdb")
    out = root / "brief"
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--years", "2016-2018", "--out", str(out),
                                   "--db", str(db)])
    assert res.exit_code == 0, res.output
    return (out / "brief.html").read_text(encoding="utf-8")


def test_every_id_of_the_page_is_unique(page):
    # defect: the h2 "3. Initiatives" and Table 11's section were both id="initiatives", and the inline
    # matplotlib SVGs each began again at figure_1, axes_1, patch_1…
    assert page.count("<svg") >= 2  # the facts warehouse draws at least the two yearly figures
    ids = collections.Counter(re.findall(r'\sid="([^"]*)"', page))
    assert [i for i, n in ids.items() if n > 1] == []
    assert ids["initiatives"] == 1 and ids["table-initiatives"] == 1


def test_every_in_page_reference_lands_on_an_element(page):
    ids = set(re.findall(r'\sid="([^"]*)"', page))
    refs = set(re.findall(r'href="#([^"]+)"', page)) | set(re.findall(r"url\(#([^)]+)\)", page))
    assert refs and refs <= ids, sorted(refs - ids)
    assert {"research", "investment", "initiatives", "screening", "indicators", "sources",
            "provenance"} <= refs  # the table of contents


def _indicator(value, unit, denominator=None):
    return SimpleNamespace(value=value, unit=unit, denominator=denominator)
