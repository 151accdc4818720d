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
def page_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("brief-page")
    db = build_facts_warehouse(root / "facts.duckdb")
    out = root / "brief"
    res = CliRunner().invoke(app, ["report", "--pair", "CN", "RU", "--years", "2016-2018", "--out", str(out),
                                   "--db", str(db)])
    assert res.exit_code == 0, res.output
    return out


@pytest.fixture(scope="module")
def page(page_dir):
    return (page_dir / "brief.html").read_text(encoding="utf-8")


def _csv(path):
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_a_csv_whose_works_are_all_synthetic_says_so_on_every_row(page, page_dir):
    # defect: a table whose works were all synthetic got the page's banner but no synthetic_works column in
    # its CSV (research --output writes one): listed_institutions.csv passed a synthetic count for a real one.
    # By hand (tests/test_report_facts.py): Harbin Institute of Technology is on W2 only, W2 is synthetic.
    listed = _csv(page_dir / "listed_institutions.csv")
    assert [(r["institution"], r["works"], r["synthetic_works"]) for r in listed] == [
        ("Harbin Institute of Technology", "1", "1")]
    per_year = _csv(page_dir / "listed_collaborations.csv")
    assert [(r["year"], r["works"], r["synthetic_works"]) for r in per_year] == [("2018", "1", "1")]
    # the page says it once, in the banner, not in a column repeating the works
    section = page.split('id="table-listed_institutions"')[1].split("</section>")[0]
    banner = '<p class="synthetic">The only work behind this table is synthetic: these are not real figures.</p>'
    assert banner in section
    assert "<th>synthetic works</th>" not in section


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


@pytest.mark.parametrize(("indicator", "shown"), [
    # metrics rounds citation_impact's share to one decimal: 5 of 29 = 17.24% is 17.2, and "17.20%"
    # claimed a second decimal that is wrong
    (_indicator(17.2, "pct", 29.0), "17.2% (of 29)"),
    (_indicator(60.0, "pct", 5.0), "60% (of 5)"),            # 3 of 5 deals undisclosed
    (_indicator(5.38, "pct", 539.0), "5.38% (of 539)"),      # 29 of 539 = 5.380…%
    (_indicator(1.5, "ratio"), "1.5×"),
    (_indicator(6.0, "works", 29.0), "6 works (of 29)"),
    (_indicator(2.25, "count", 1234.5), "2.25 (of 1,234.5)"),
    (_indicator(None, "pct", 29.0), "no data"),
])
def test_indicator_values_add_no_digits(indicator, shown):
    assert indicator_value(indicator) == shown


def test_the_page_shows_the_highly_cited_share_as_metrics_rounds_it(page):
    # the facts warehouse's 3 CN-RU works 2016-2018: the page said "0.00% (of 3)" where metrics gives 0
    row = re.search(r'<tr id="ind-citation_impact">.*?</tr>', page, re.S).group(0)
    value = re.findall(r"<td>(.*?)</td>", row)[1]
    assert not re.search(r"\.\d0%", value), value


def test_a_subsidiary_party_keeps_its_own_country_and_names_its_owner():
    # techties/data/curated: dahua-ntechlab-camera-2019 has parties dahua, dahua-rus, ntechlab;
    # organisations.yaml: dahua-rus "Dahua Technology Rus", country RU, parent dahua ("Dahua Technology",
    # CN); ntechlab RU. The warehouse stores dahua-rus under its owner's CN, and the brief read
    # "Dahua Technology Rus (CN)".
    from techties.report.brief import _initiative_row
    from techties.sources.curated import load_curated_dir

    stored = SimpleNamespace(id="dahua-ntechlab-camera-2019", kind="joint project", title="t", year=2019,
                             status="established", sectors=["AI/robotics/big data"], amount_usd=None, summary="",
                             parties=[("Dahua Technology", "CN"), ("Dahua Technology Rus", "CN"),
                                      ("NtechLab", "RU")])
    row = _initiative_row(stored, load_curated_dir())
    assert row["parties"] == ("Dahua Technology (CN); Dahua Technology Rus (RU, owned by Dahua Technology, CN); "
                              "NtechLab (RU)")
    # no curated record of that id: the warehouse's parties as stored
    assert _initiative_row(stored, None)["parties"] == ("Dahua Technology (CN); Dahua Technology Rus (CN); "
                                                        "NtechLab (RU)")


def test_indicators_csv_gains_no_column_where_no_work_is_synthetic():
    from techties.metrics.export import indicator_csv
    from techties.metrics.synthetic import SyntheticCount

    ind = SimpleNamespace(id="pair_share", name="n", value=5.0, denominator=10.0, trend="", status="computed",
                          needs="")
    rows, columns = indicator_csv([ind], {"pair_share": SyntheticCount(10, 0, ())})
    assert columns == ["id", "name", "value", "denominator", "trend", "status", "needs"]
    rows, columns = indicator_csv([ind], {"pair_share": SyntheticCount(10, 4, ())}, {"as_of": "2026-11-01"})
    assert columns[-2:] == ["synthetic_works", "as_of"] and rows[0]["synthetic_works"] == 4
    assert rows[0]["as_of"] == "2026-11-01"


def test_every_csv_row_of_the_brief_says_what_it_rests_on(page_dir):
    # defect: the brief's CSVs said neither as-of date nor data nor versions; a CSV opened alone said nothing.
    # By hand: every work of the facts warehouse has as_of 2026-11-30 (tests/test_report_facts.py, source
    # "test"); the shipped curated files were recorded on 2026-11-23 (curated_on in each YAML); no classifier
    # scores, so no AI model.
    import techties

    expected = {"as_of": "2026-11-30", "data": "test as of 2026-11-30; curated data 2026-11-23",
                "ai_model": "none", "techties_version": techties.__version__}
    # the tables that count works (those with work_ids) and indicators.csv; the curated deals and initiatives
    # tables keep their columns (tests/test_qa_journalist.py pins initiatives.csv's)
    tables = [p for p in page_dir.glob("*.csv") if p.name == "indicators.csv"
              or "work_ids" in p.read_text(encoding="utf-8").splitlines()[0].split(",")]
    assert len(tables) >= 12
    for path in tables:
        rows = _csv(path)
        header = list(rows[0]) if rows else path.read_text(encoding="utf-8").splitlines()[0].split(",")
        stamp_at = header.index("as_of")
        assert header[stamp_at:stamp_at + 4] == list(expected), path.name
        assert header[stamp_at + 4:] in ([], ["work_ids"]), path.name  # the stamp after the figures
        for r in rows:
            assert {k: r[k] for k in expected} == expected, path.name


def test_figures_are_numbered_in_reading_order(page):
    # defect: only the two research figures were numbered; the investment and initiatives figures had none.
    # The facts query (CN-RU, no baseline, 2016-2018) draws the pair's yearly works (no baselines figure: one
    # series), the disclosed investment (curated deals of 2017-2018) and the initiatives timeline.
    captions = re.findall(r"<figcaption>(Figure \d+\. [A-Z][a-z]+)", page)
    assert captions == ["Figure 1. Co", "Figure 2. Disclosed", "Figure 3. Initiatives"]
    assert page.count("<figure ") == 3


def test_a_figure_caption_names_a_figure():
    # defect: the baselines figure's caption read "2 of the 3 works behind this table are synthetic."
    from techties.metrics.synthetic import SyntheticCount

    assert SyntheticCount(3, 2, ()).sentence("this figure") == "2 of the 3 works behind this figure are synthetic."
    assert SyntheticCount(2, 2, ()).sentence("this figure") == ("All 2 works behind this figure are synthetic: "
                                                                "these are not real figures.")
    assert SyntheticCount(3, 0, ()).sentence("this figure") == ""
