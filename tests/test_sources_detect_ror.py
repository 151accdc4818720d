"""ROR files and other JSON given to a bibliographic reader or to `ingest auto` (session 15 sweep).

Before: the pretty-printed ROR search response `../shared/data/ror/ror_v2_records_sample.json` was taken
for an OpenAlex page (`ingest openalex` or `auto`: read 1, quarantined 1, exit 3), and the ROR JSON Lines
file made `auto` say "format not recognised … name the kind: techties ingest {openalex|wos|…}", a list
without `ror`. Now both name `techties ingest ror` in one line, exit 2. Expected lines written by hand.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from techties.cli import app
from techties.sources.detect import sniff_lines

runner = CliRunner()

ROR_SEARCH = """{
    "took": 28,
    "hits": {
        "hits": [
            {
                "_id": "https://ror.org/02bfwt286",
                "_source": {"names": [{"value": "Monash University"}]}
            }
        ]
    }
}
"""
# a pretty-printed OpenAlex work names ROR ids too, as "ror": it stays OpenAlex's
OPENALEX_WORK = """{
  "id": "https://openalex.org/W1",
  "authorships": [{"institutions": [{"id": "https://openalex.org/I1", "ror": "https://ror.org/02bfwt286"}]}]
}
"""


def test_sniff_tells_a_ror_response_from_an_openalex_work():
    assert sniff_lines(ROR_SEARCH.splitlines()) == "ror"
    assert sniff_lines(OPENALEX_WORK.splitlines()) == "openalex-json"


RIGHT = "this looks like a ROR organisation dump: use `techties ingest ror`"


def _ingest(kind: str, path, tmp_path):
    """(exit status, the one line said with the file's name left out: a long temporary path may wrap)."""
    result = runner.invoke(app, ["ingest", kind, str(path), "--db", str(tmp_path / "w.duckdb")])
    out = " ".join(result.output.split())
    assert out.startswith("error: ") and out.count("error:") == 1 and "Traceback" not in out, out
    return result.exit_code, out.rsplit(": ", 2)[-2] + ": " + out.rsplit(": ", 2)[-1]


def test_ror_response_given_to_openalex_or_auto_names_ingest_ror(tmp_path):
    path = tmp_path / "ror.json"
    path.write_text(ROR_SEARCH, encoding="utf-8")
    for kind in ("openalex", "auto"):
        assert _ingest(kind, path, tmp_path) == (2, RIGHT)


def test_ror_json_lines_given_to_auto_names_ingest_ror(tmp_path):
    path = tmp_path / "ror.jsonl"
    path.write_text(json.dumps({"id": "https://ror.org/02bfwt286", "names": [], "relationships": []}) + "\n",
                    encoding="utf-8")
    assert _ingest("auto", path, tmp_path) == (2, RIGHT)


# JSON records of another source (session 15): the 74,728 arXiv listings of ../shared/data/arxiv-recent
# were stored as 74,728 "OpenAlex works" (`openalex:2503.11731`, no year); ROR's affiliation tests and
# the arXiv training lines were quarantined line by line (1,000 / 500 lines, exit 3).
NOT_WORKS = ("JSON records without an OpenAlex work id (W…): not OpenAlex works, nor another export "
             "`techties ingest` reads")


def test_json_lines_of_another_source_are_refused_in_one_line(tmp_path):
    arxiv = tmp_path / "arxiv.jsonl"  # the shape of an arXiv listing line: an id of arXiv's own
    arxiv.write_text(json.dumps({"id": "2503.11731", "title": "Industrial-Grade Sensor Simulation"}) + "\n",
                     encoding="utf-8")
    labelled = tmp_path / "train.jsonl"  # the classifier's training lines: the id under "meta"
    labelled.write_text(json.dumps({"label": "False", "text": "a title. an abstract", "meta": {"id": "1911.06354"}})
                        + "\n", encoding="utf-8")
    pretty = tmp_path / "names.json"  # ROR's name tests: a pretty-printed list without an id
    pretty.write_text('[\n    {\n        "affiliation": "University of Rhode Island",\n'
                      '        "ror-id": "https://ror.org/013ckk937"\n    }\n]\n', encoding="utf-8")
    for path in (arxiv, labelled, pretty):
        for kind in ("openalex", "auto"):
            assert _ingest(kind, path, tmp_path) == (2, NOT_WORKS), (path.name, kind)


def test_openalex_lines_still_read_with_a_damaged_head(tmp_path):
    work = {"id": "https://openalex.org/W2741809807", "title": "A work", "publication_year": 2017}
    path = tmp_path / "part.jsonl"  # damaged lines first (quarantined one by one), then a work
    path.write_text("{not json\n" * 3 + json.dumps(work) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "openalex", str(path), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 3  # 3 quarantined, the work stored
    assert sniff_lines([json.dumps({"id": "W1", "title": "short id"})]) == "openalex-jsonl"


def test_a_stray_bracket_before_json_lines_loses_only_its_line(tmp_path):
    """Before: a lone "[" opening the file made it a JSON array that does not parse: read 1, stored 0, its
    works lost. An array written a record a line ("[", "{…},", "{…}", "]") is still an array."""
    works = [json.dumps({"id": f"https://openalex.org/W{n}", "title": f"Work {n}", "publication_year": 2017})
             for n in (1, 2)]
    lines = tmp_path / "part.jsonl"
    lines.write_text("[\n" + "\n".join(works) + "\n", encoding="utf-8")
    array = tmp_path / "array.json"
    array.write_text("[\n" + ",\n".join(works) + "\n]\n", encoding="utf-8")
    assert sniff_lines(lines.read_text().splitlines()) == "openalex-jsonl"
    assert sniff_lines(array.read_text().splitlines()) == "openalex-json"
    result = runner.invoke(app, ["ingest", "openalex", str(lines), "--db", str(tmp_path / "w.duckdb")])
    said = " ".join(result.output.split())
    assert result.exit_code == 3 and "read 3, stored 2, quarantined 1" in said and ":1: " in said
