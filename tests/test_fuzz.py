"""Property-based fuzz tests over every reader (issue #12), bounded so CI stays fast.

Any bytes in must mean: no exception escapes the ingest, every good record is stored, and the rest
is quarantined with its location. The readers come from the ingest's own registry
(`techties.ingest.KINDS`), so a new reader is fuzzed with arbitrary bytes as soon as it is registered;
give it real good records in `GOOD_RECORDS` to join the "good records survive" property too.

Good records are real (../shared/data); the junk around them is what hypothesis generates.
"""

from __future__ import annotations

import csv
import gzip
import json
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from techties.errors import UsageError
from techties.ingest import KINDS, ingest_files
from techties.sources.detect import WrongFormat
from techties.sources.io import LineSource, TruncatedInput
from techties.warehouse import Warehouse
from tests.conftest import FIXTURES

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
FUZZ = settings(max_examples=10, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FAST = settings(max_examples=60, deadline=None, derandomize=True, database=None)


def _openalex_records() -> list[tuple[str, bytes]]:
    with gzip.open(SHARED / "openalex" / "works_2022_schema_tu9.jsonl.gz", "rb") as fh:
        lines = [ln.rstrip(b"\n") for ln in fh if ln.strip()][:12]
    return [("openalex:" + json.loads(ln)["id"].rsplit("/", 1)[1], ln) for ln in lines]


def _wos_records() -> list[tuple[str, bytes]]:
    text = gzip.decompress((SHARED / "wos" / "savedrecs_01.txt.gz").read_bytes()).decode("utf-8-sig")
    out = []
    for chunk in text.split("\nER\n")[:12]:
        start = chunk.index("PT ")
        rec = chunk[start:] + "\nER"
        ut = next(ln[3:].strip() for ln in rec.splitlines() if ln.startswith("UT "))
        out.append((f"wos:{ut}", rec.encode()))
    return out


FORMATS = SHARED / "formats"  # real exports, source and record counts in its README


def _blocks(path: Path, start: str, n: int) -> list[str]:
    """The first n records of a tagged export whose records are separated by blank lines."""
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return [b.strip("\n") for b in text.split("\n\n") if b.strip().startswith(start)][:n]


def _tag(block: str, tag: str) -> str:
    return next(ln[len(tag):].strip() for ln in block.splitlines() if ln.startswith(tag))


def _pubmed_records() -> list[tuple[str, bytes]]:
    """MEDLINE text: the id is the record's own PMID line."""
    blocks = _blocks(FORMATS / "pubmed" / "mjwestgate__synthesisr__PubMed_example.txt", "PMID-", 3)
    blocks += _blocks(FORMATS / "pubmed" / "Valdecy__pyBibX__pubmed.txt", "PMID-", 5)
    return [(f"pubmed:{_tag(b, 'PMID-')}", b.encode()) for b in blocks]


def _cnki_records() -> list[tuple[str, bytes]]:
    """CNKI RefWorks: records carry no id; techties' stable id of title, year, first author, journal."""
    from techties.sources.tagged import stable_id

    blocks = [b for b in _blocks(FORMATS / "cnki" / "Chrisyan77__cross-reality-switching-data__CNKI.txt", "RT ", 40)
              if all(f"\n{t} " in b for t in ("T1", "YR", "A1", "JF"))][:8]
    return [("cnki:" + stable_id(_tag(b, "T1 "), int(_tag(b, "YR ")), _tag(b, "A1 ").split(";")[0], _tag(b, "JF ")),
             b.encode()) for b in blocks]


def _csv_rows(path: Path, id_column: str) -> tuple[bytes, list[tuple[str, bytes]]]:
    """A CSV export cut by the csv module itself: (the lines up to its header, [(the row's id, its lines)]).
    The id is read counting from the right: Scopus rows may have more `Funding Text` cells than the header."""
    lines = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").splitlines(keepends=True)
    reader = csv.reader(iter(lines))
    spans, start = [], 0
    for cells in reader:
        spans.append((cells, "".join(lines[start:reader.line_num]).rstrip("\n")))
        start = reader.line_num
    first = next(k for k, (cells, _text) in enumerate(spans) if len(cells) > 1)  # past a one-cell preamble
    header = [c.strip() for c in spans[first][0]]
    right = header.index(id_column) - len(header)
    head = "\n".join(text for _cells, text in spans[: first + 1])
    return head.encode(), [(cells[right], text.encode()) for cells, text in spans[first + 1:]]


SCOPUS_CSV = FORMATS / "scopus" / "NLeSC__litstudy__scopus.csv"
LENS_CSV = FORMATS / "lens" / "DrMattG__Salmon_network__lens-export.csv"
DIMENSIONS_CSV = FIXTURES / "dimensions_publications.csv"  # synthetic: no real export may be shared


def _scopus_records() -> list[tuple[str, bytes]]:
    """Scopus CSV: the rows whose affiliations run over two lines, and five more."""
    rows = _csv_rows(SCOPUS_CSV, "EID")[1]
    return [(f"scopus:{eid}", text) for eid, text in [r for r in rows if b"\n" in r[1]]
            + [r for r in rows if b"\n" not in r[1]][:5]]


def _lens_records() -> list[tuple[str, bytes]]:
    return [(f"lens:{lens_id}", text) for lens_id, text in _csv_rows(LENS_CSV, "Lens ID")[1][:8]]


def _dimensions_records() -> list[tuple[str, bytes]]:
    return [(f"dimensions:{pub}", text) for pub, text in _csv_rows(DIMENSIONS_CSV, "Publication ID")[1]]


# kind → real good records as (work id, the record's bytes without a final newline)
GOOD_RECORDS: dict[str, Callable[[], list[tuple[str, bytes]]]] = {
    "openalex": _openalex_records,
    "wos": _wos_records,
    # Tagged exports without an end tag: a record ends where the next begins or at the end of input,
    # which a damaged gzip (the "trailing junk" below) now ends as the end of the file would.
    "pubmed": _pubmed_records,
    "cnki": _cnki_records,
    # CSV: a junk line with an unmatched quote opens, by the CSV grammar, a cell that takes the rows
    # after it; csvutil.CsvRows reads them again (its rule is in its docstring).
    "scopus": _scopus_records,
    "lens": _lens_records,
    "dimensions": _dimensions_records,
}
# what must open the file before its records: a CSV header (after Dimensions' preamble line)
HEADS: dict[str, Callable[[], bytes]] = {"scopus": lambda: _csv_rows(SCOPUS_CSV, "EID")[0],
                                         "lens": lambda: _csv_rows(LENS_CSV, "Lens ID")[0],
                                         "dimensions": lambda: _csv_rows(DIMENSIONS_CSV, "Publication ID")[0]}

junk_line = st.binary(max_size=300).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" "))
newline = st.sampled_from([b"\n", b"\r\n", b"\r"])


def run_ingest(kind: str, data: bytes, name: str = "input") -> tuple[object, list[tuple], set[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with Warehouse(Path(tmp) / "w.duckdb") as wh:
            report = ingest_files(wh, kind, [path], show_progress=False, batch_size=7, commit_works=7, workers=0)
            bad = wh.con.execute("SELECT file, line, error FROM quarantine").fetchall()
            ids = {r[0] for r in wh.con.execute("SELECT work_id FROM works").fetchall()}
    return report, bad, ids


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.binary(max_size=4000), gz=st.booleans())
def test_any_bytes_never_escape_the_ingest(kind, data, gz):
    try:
        report, bad, ids = run_ingest(kind, gzip.compress(data) if gz else data)
    except UsageError as exc:  # the header names another format: the CLI says so in one line, exit 2
        assert "\n" not in str(exc) and "techties ingest" in str(exc)
        return
    assert report.n_ok == len(ids)
    assert all(file and line >= 1 and error for file, line, error in bad)  # every quarantined line located


@pytest.mark.parametrize("kind", KINDS)
@FUZZ
@given(data=st.data())
def test_good_records_survive_junk_between_them(kind, data):
    if kind not in GOOD_RECORDS:
        pytest.skip(f"no real good records for {kind!r} in GOOD_RECORDS yet")
    records = GOOD_RECORDS[kind]()
    nl = data.draw(newline)
    bom = data.draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    lead = data.draw(st.lists(junk_line, max_size=3))  # before the header or the first record
    parts = [*lead, *([HEADS[kind]().replace(b"\n", nl)] if kind in HEADS else [])]
    for k, (_wid, rec) in enumerate(records):
        parts += data.draw(st.lists(junk_line, max_size=3)) if k or kind in HEADS else []
        parts.append(rec.replace(b"\n", nl))
    parts += data.draw(st.lists(junk_line, max_size=3))
    payload = bom + nl.join(parts) + nl
    if data.draw(st.booleans()):
        payload = gzip.compress(payload) + data.draw(st.sampled_from([b"", b"trailing junk"]))
    try:
        report, bad, ids = run_ingest(kind, payload)
    except WrongFormat:
        # junk opening the file that looks like another format's head (a lone "[" is a JSON array's):
        # the file is refused in one line (test_any_bytes_never_escape_the_ingest); the records alone never are
        assume(not any(line.strip() for line in lead))
        raise
    assert {wid for wid, _ in records} <= ids  # every good record stored
    assert all(line >= 1 and error for _f, line, error in bad)


@FUZZ
@given(year=st.integers(min_value=-(2**70), max_value=2**70), cited=st.integers(min_value=-(2**40), max_value=2**40))
def test_numbers_are_stored_iff_they_fit_their_column(year, cited):
    """Oracle by hand: the columns are 32-bit integers, so a value is stored exactly when it lies in
    [-2**31, 2**31 - 1]; otherwise the work is quarantined naming the field."""
    wid, line = _openalex_records()[0]
    rec = dict(json.loads(line), publication_year=year, cited_by_count=cited)
    report, bad, ids = run_ingest("openalex", json.dumps(rec).encode() + b"\n")
    fits = all(-(2**31) <= v <= 2**31 - 1 for v in (year, cited))
    assert (wid in ids) == fits
    if not fits:
        assert len(bad) == 1 and ("year" in bad[0][2] or "cited_by_count" in bad[0][2])


@FAST
@given(lines=st.lists(junk_line, max_size=30), nl=newline, bom=st.booleans(),
       cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=3))
def test_line_source_gives_back_every_line_in_any_framing(tmp_path_factory, lines, nl, bom, cuts):
    """Lines written with any newline style, a BOM, as gzip members split at random points, read back."""
    body = nl.join(lines) + (nl if lines else b"")
    payload = (b"\xef\xbb\xbf" if bom else b"") + body
    bounds = sorted({0, len(payload), *(min(c, len(payload)) for c in cuts)})
    members = b"".join(gzip.compress(payload[a:b]) for a, b in zip(bounds, bounds[1:], strict=False))
    path = tmp_path_factory.mktemp("ls") / "x.gz"
    for data in (payload, members or gzip.compress(b"")):
        path.write_bytes(data)
        got = [line for _n, line in LineSource(path)]
        expected = [ln for ln in lines] if lines else []
        assert got == expected


@FAST
@given(lines=st.lists(junk_line.filter(bool), min_size=1, max_size=40), cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_gzip_gives_a_prefix_of_whole_lines(tmp_path_factory, lines, cut):
    payload = b"\n".join(lines) + b"\n"
    gz = gzip.compress(payload)
    data = gz[: int(len(gz) * cut)]
    path = tmp_path_factory.mktemp("tr") / "x.gz"
    if len(data) < 2:  # not even the gzip magic: a plain file of that byte, another test's business
        return
    path.write_bytes(data)
    got = []
    try:
        for _n, line in LineSource(path):
            got.append(line)
    except TruncatedInput:
        pass
    assert got == lines[: len(got)]
    if len(data) > 20:  # past the header: what an independent decoder recovers is all kept
        recovered = zlib.decompressobj(wbits=31).decompress(data)
        assert len(got) >= recovered.count(b"\n")
