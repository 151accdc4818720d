"""`techties investments` dates what it read: with --db, the warehouse's deals (the day their sources
were recorded when loaded), not the curated files shipped now; and the CSV carries the as-of too."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import techties

CURATED = Path(techties.__file__).parent / "data" / "curated"


def _cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    code = "import sys; from techties.cli import main; sys.argv[0] = 'techties'; main()"
    env = {**__import__("os").environ, "TECHTIES_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          check=False, env=env)


def _stated(name: str) -> str:
    return re.search(r"^curated_on: (\S+)", (CURATED / name).read_text(encoding="utf-8"), re.M).group(1)


def test_db_as_of_is_the_warehouses_not_the_shipped_files(tmp_path):
    # a curated folder recorded on a day of our own (1999-04-05), loaded into a fresh warehouse
    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    src = folder / "sources.yaml"
    src.write_text(re.sub(r"^curated_on: \S+", "curated_on: 1999-04-05", src.read_text(encoding="utf-8"),
                          flags=re.M), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    done = _cli("ingest-curated", "--db", str(db), "--dir", str(folder), home=tmp_path)
    assert done.returncode == 0, done.stderr
    got = _cli("investments", "--db", str(db), "--format", "json", home=tmp_path)
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["provenance"]["as_of"] == "1999-04-05"  # not the shipped 20xx date
    table = _cli("investments", "--db", str(db), home=tmp_path).stdout.splitlines()
    assert f"deals as of 1999-04-05 (warehouse {db})" in table[-1]
    rows = list(csv.DictReader(io.StringIO(_cli("investments", "--db", str(db), "--format", "csv",
                                                home=tmp_path).stdout)))
    assert rows and {(r["as_of"], r["data"]) for r in rows} == {("1999-04-05", f"warehouse {db}")}


def test_csv_states_as_of_data_and_version_after_its_columns(tmp_path):
    text = _cli("investments", "--format", "csv", home=tmp_path).stdout
    header = next(csv.reader(io.StringIO(text)))
    assert header == ["rule", "direction", "year", "value_usd", "n_disclosed", "n_undisclosed", "deal_ids",
                      "as_of", "data", "techties_version"]  # the old columns first, unchanged
    rows = list(csv.DictReader(io.StringIO(text)))
    want = (_stated("deals.yaml"), "curated deals.yaml", techties.__version__)
    assert rows and {(r["as_of"], r["data"], r["techties_version"]) for r in rows} == {want}


def test_db_as_of_without_dated_sources_is_unknown():
    import duckdb

    from techties.metrics.provenance import deals_as_of

    con = duckdb.connect()
    con.execute("CREATE TABLE sources (source_id VARCHAR, retrieved_on VARCHAR);"
                " CREATE TABLE deals (deal_id VARCHAR, source_ids_json VARCHAR)")
    con.execute("INSERT INTO sources VALUES ('s1', '2020-01-02'), ('s2', '2021-03-04'), ('s3', '2022-05-06')")
    con.execute("INSERT INTO deals VALUES ('d1', NULL), ('d2', '[]')")
    assert deals_as_of(con) is None  # no deal cites a source: no date to state
    con.execute("""INSERT INTO deals VALUES ('d3', '["s1", "s2"]')""")
    assert deals_as_of(con) == "2021-03-04"  # the later of d3's two sources; s3 is cited by no deal


CB_HEADER = ("company_permalink,company_name,company_category_list,company_country_code,acquirer_permalink,"
             "acquirer_name,acquirer_country_code,acquired_at,price_amount,price_currency_code\n")
CB_ROW = "/organization/t,Target,Software,RUS,/organization/a,Acquirer,CHN,2012-07-23,1000000,USD\n"


def test_crunchbase_only_warehouse_is_dated_by_its_export(tmp_path):
    # defect: deals_as_of read only the curated sources' dates, so a warehouse of Crunchbase deals alone
    # stated "as of unknown"; the export is dated by the snapshot date its file name carries, else (as
    # every export without a stated date, tagged.file_dates) by the file's modification date
    import os
    import time

    named = tmp_path / "named" / "crunchbase_acquisitions_2015-12-04.csv"
    plain = tmp_path / "plain" / "acquisitions.csv"
    for f in (named, plain):
        f.parent.mkdir()
        f.write_text(CB_HEADER + CB_ROW, encoding="utf-8")
    stamp = time.mktime((2014, 3, 9, 12, 0, 0, 0, 0, -1))  # noon local time: the same day in every zone
    os.utime(plain, (stamp, stamp))
    for path, want in ((named, "2015-12-04"), (plain, "2014-03-09")):
        db = path.parent / "w.duckdb"
        done = _cli("ingest-crunchbase", str(path), "--db", str(db), home=tmp_path)
        assert done.returncode == 0, done.stderr
        got = _cli("investments", "--db", str(db), "--format", "json", home=tmp_path)
        assert got.returncode == 0, got.stderr
        assert json.loads(got.stdout)["provenance"]["as_of"] == want
