"""Property-based fuzz tests over every reader (issue #12), bounded so CI stays fast.

Any bytes in must mean: no exception escapes the ingest, every good record is stored, and the rest
is quarantined with its location. The readers come from the ingest's own registry
(`techties.ingest.KINDS`), so a new reader is fuzzed with arbitrary bytes as soon as it is registered;
give it real good records in `GOOD_RECORDS` to join the "good records survive" property too.

Good records are real (../shared/data); the junk around them is what hypothesis generates.
"""

from __future__ import annotations

import gzip
import json
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techties.errors import UsageError
from techties.ingest import KINDS, ingest_files
from techties.sources.io import LineSource, TruncatedInput
from techties.warehouse import Warehouse

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


# kind → real good records as (work id, the record's bytes without a final newline)
GOOD_RECORDS: dict[str, Callable[[], list[tuple[str, bytes]]]] = {
    "openalex": _openalex_records,
    "wos": _wos_records,
    # Tagged exports without an end tag: a record ends where the next begins or at the end of input,
    # which a damaged gzip (the "trailing junk" below) now ends as the end of the file would.
    "pubmed": _pubmed_records,
    "cnki": _cnki_records,
}
# CSV exports (Scopus, Lens, Dimensions) are not here yet: with 8 real Scopus CSV rows after their header
# the property failed and hypothesis did not finish shrinking in 5 minutes (cause not pinned down; likely a
# junk line with an unmatched quote, which by the CSV grammar opens a field that takes the rows after it).

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
    parts: list[bytes] = []
    for _wid, rec in records:
        parts += data.draw(st.lists(junk_line, max_size=3))
        parts.append(rec.replace(b"\n", nl))
    parts += data.draw(st.lists(junk_line, max_size=3))
    payload = bom + nl.join(parts) + nl
    if data.draw(st.booleans()):
        payload = gzip.compress(payload) + data.draw(st.sampled_from([b"", b"trailing junk"]))
    report, bad, ids = run_ingest(kind, payload)
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
