"""`classify apply` gave a work with no title and no abstract a score (0.064) and the label "not AI":
nothing was read, so nothing can be said. Such a work is left unclassified (no `ai_scores` row), and the
AI share's denominator says how many works of each country were left out. Counts worked out by hand."""

from __future__ import annotations

from typer.testing import CliRunner

from techties.classify.apply import apply_to_warehouse
from techties.cli import app
from techties.metrics.query import build_query
from techties.metrics.research import compute_research

TEXT = [("W1", "Deep convolutional neural networks for image recognition", None, "en", ("CN", "RU")),
        ("W3", "Transformer language models for machine translation", "We train a large neural model.", "en",
         ("CN",))]
NO_TEXT = [("W2", None, None, "en", ("CN", "RU")),
           ("W4", "   ", "", "zh", ("RU",))]  # blank, tagged Chinese: the keyword method read nothing either


def _add(con, works) -> None:
    for wid, title, abstract, lang, countries in works:
        con.execute("INSERT INTO works (work_id, source, title, abstract, language, year) VALUES (?, 'test', ?, ?, ?,"
                    " 2020)", [wid, title, abstract, lang])
        for pos, cc in enumerate(countries):
            con.execute("INSERT INTO authorships (work_id, position, country_code) VALUES (?, ?, ?)", [wid, pos, cc])


def _scores(con) -> list[tuple]:
    return con.execute("SELECT work_id, area, model_version, score, label, method FROM ai_scores ORDER BY 1").fetchall()


def test_works_without_text_are_left_unclassified_and_others_unchanged(warehouse):
    _add(warehouse.con, TEXT)
    assert apply_to_warehouse(warehouse, show_progress=False) == 2
    alone = _scores(warehouse.con)
    _add(warehouse.con, NO_TEXT)
    assert apply_to_warehouse(warehouse, show_progress=False) == 2  # W2 and W4: no row, not "not AI"
    assert _scores(warehouse.con) == alone  # the works with text: the same rows, to the last bit of the score


def test_classify_apply_says_how_many_were_left_unclassified(warehouse):
    _add(warehouse.con, TEXT + NO_TEXT)
    db = warehouse.path
    warehouse.close()
    r = CliRunner().invoke(app, ["classify", "apply", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "2 works scored with " in r.stdout
    assert "; 2 without title or abstract left unclassified (nothing to read)" in r.stdout


def test_the_ai_share_denominator_says_how_many_works_had_no_text(warehouse):
    _add(warehouse.con, TEXT + NO_TEXT)
    apply_to_warehouse(warehouse, show_progress=False)
    res = compute_research(warehouse.con, build_query("CN", "RU", years="2020-2020", area="ai"))
    notes = [n for n in res.notes if "have no ai score" in n]
    # by hand: CN has W1, W2, W3 (3 works), W2 has no text; RU has W1, W2, W4 (3), W2 and W4 have none
    assert [n.split(" (2020")[0] for n in notes] == ["denominator CN: 1 of its 3 works",
                                                     "denominator RU: 2 of its 3 works"]
    assert all("unclassified, in neither its ai works nor this denominator" in n for n in notes)
