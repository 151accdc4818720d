"""ROR files given to a bibliographic reader or to `ingest auto` (session 15 sweep).

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
