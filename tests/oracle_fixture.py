"""A hand-made warehouse for the oracle tests (SYNTHETIC: every record is invented, small enough
that each figure can be worked out by hand in the test that checks it).

Layout, years 2016-2018 plus one 2015 work outside the range (countries of the authors):

    work  year cites lang  authors (institution -> country)             fields (wos-wc)
    W1    2016  10   en    Tsinghua CN, Keldysh (RAS) RU                 AI, Mathematics
    W2    2016   0   zh    HIT CN, MSU RU                                AI
    W3    2017   5   en    Tsinghua CN, Keldysh (RAS) RU, MIT US         AI, Robotics
    W4    2017   2   en    Huawei CN, MSU RU                             Robotics
    W5    2018  30   en    HIT CN, Keldysh (RAS) RU                      AI
    W6    2018   1   ru    Tsinghua CN, Yandex RU                        Mathematics
    W7    2018   4   en    Huawei CN, RAS RU                             AI
    W8    2016   8   en    Tsinghua CN, MIT US                           Physics
    W9    2017  20   en    HIT CN, MIT US
    W10   2018   3   en    Tsinghua CN, MIT US
    W11   2017   6   en    MSU RU, MIT US
    W12   2016   1   en    Tsinghua CN                                   Mathematics
    W13   2017   0   en    HIT CN
    W14   2018  12   en    Tsinghua CN                                   Physics
    W15   2016   2   en    MSU RU                                        Physics
    W16   2018   0   en    Keldysh (RAS) RU
    W17   2017  50   en    MIT US
    W18   2015   9   en    Tsinghua CN, MSU RU   (outside 2016-2018)
    W19   2017   7   en    one author, no country

Keldysh Institute's parent is the Russian Academy of Sciences (roll-up). Huawei and Yandex are
companies. Funders: NSFC on W1, W3, W5 (twice on W5, two awards), RFBR on W1, W5, NSF on W8 (not
a CN-RU work), an empty funder name on W2. Screening: HIT on the US Entity List since 2017-06-05
(hit on the institution), RAS on an EU list since 2014-03-17 (hit on the parent: its institutes
count), Yandex on a list with no listing date, Tsinghua's hit rejected by an analyst.
"""

from __future__ import annotations

from typing import Any

import duckdb

INSTITUTIONS = [
    # institution_id, name, country, type, parent_id
    ("i-tsinghua", "Tsinghua University", "CN", "education", None),
    ("i-hit", "Harbin Institute of Technology", "CN", "education", None),
    ("i-huawei", "Huawei Technologies Co Ltd", "CN", "company", None),
    ("i-ras", "Russian Academy of Sciences", "RU", "government", None),
    ("i-keldysh", "Keldysh Institute of Applied Mathematics", "RU", "facility", "i-ras"),
    ("i-msu", "Lomonosov Moscow State University", "RU", "education", None),
    ("i-yandex", "Yandex", "RU", "company", None),
    ("i-mit", "Massachusetts Institute of Technology", "US", "education", None),
]
COUNTRY = {i[0]: i[2] for i in INSTITUTIONS}

WORKS: list[tuple[str, int, int, str, list[str | None], list[str]]] = [
    ("W1", 2016, 10, "en", ["i-tsinghua", "i-keldysh"], ["Computer Science, Artificial Intelligence", "Mathematics"]),
    ("W2", 2016, 0, "zh", ["i-hit", "i-msu"], ["Computer Science, Artificial Intelligence"]),
    ("W3", 2017, 5, "en", ["i-tsinghua", "i-keldysh", "i-mit"], ["Computer Science, Artificial Intelligence",
                                                                  "Robotics"]),
    ("W4", 2017, 2, "en", ["i-huawei", "i-msu"], ["Robotics"]),
    ("W5", 2018, 30, "en", ["i-hit", "i-keldysh"], ["Computer Science, Artificial Intelligence"]),
    ("W6", 2018, 1, "ru", ["i-tsinghua", "i-yandex"], ["Mathematics"]),
    ("W7", 2018, 4, "en", ["i-huawei", "i-ras"], ["Computer Science, Artificial Intelligence"]),
    ("W8", 2016, 8, "en", ["i-tsinghua", "i-mit"], ["Physics"]),
    ("W9", 2017, 20, "en", ["i-hit", "i-mit"], []),
    ("W10", 2018, 3, "en", ["i-tsinghua", "i-mit"], []),
    ("W11", 2017, 6, "en", ["i-msu", "i-mit"], []),
    ("W12", 2016, 1, "en", ["i-tsinghua"], ["Mathematics"]),
    ("W13", 2017, 0, "en", ["i-hit"], []),
    ("W14", 2018, 12, "en", ["i-tsinghua"], ["Physics"]),
    ("W15", 2016, 2, "en", ["i-msu"], ["Physics"]),
    ("W16", 2018, 0, "en", ["i-keldysh"], []),
    ("W17", 2017, 50, "en", ["i-mit"], []),
    ("W18", 2015, 9, "en", ["i-tsinghua", "i-msu"], ["Computer Science, Artificial Intelligence"]),
    ("W19", 2017, 7, "en", [None], []),
]

FUNDERS = [  # work, funder, award
    ("W1", "National Natural Science Foundation of China", "61"),
    ("W1", "Russian Foundation for Basic Research", "16-01"),
    ("W3", "National Natural Science Foundation of China", "62"),
    ("W5", "National Natural Science Foundation of China", "63"),
    ("W5", "National Natural Science Foundation of China", "64"),
    ("W5", "Russian Foundation for Basic Research", "18-02"),
    ("W8", "National Science Foundation", "1234"),
    ("W2", "", "0"),
]

WATCHLIST = [  # list_id, entry_id, name, country, listed_on
    ("us-entity-list", "e-hit", "Harbin Institute of Technology", "CN", "2017-06-05"),
    ("eu-list", "e-ras", "Russian Academy of Sciences", "RU", "2014-03-17"),
    ("x-list", "e-yandex", "Yandex", "RU", None),
    ("us-entity-list", "e-tsinghua", "Tsinghua Unigroup", "CN", "2015-01-01"),
]
HITS = [  # subject_id, entry_id, list_id, decision
    ("i-hit", "e-hit", "us-entity-list", None),
    ("i-ras", "e-ras", "eu-list", "confirmed"),
    ("i-yandex", "e-yandex", "x-list", None),
    ("i-tsinghua", "e-tsinghua", "us-entity-list", "rejected"),
]


def work_id(w: str) -> str:
    return f"oracle:{w}"


def build(con: duckdb.DuckDBPyConnection) -> None:
    """Write the fixture into an empty warehouse (schema already created)."""
    con.executemany("INSERT INTO institutions (institution_id, name, country_code, type, parent_id, source)"
                    " VALUES (?, ?, ?, ?, ?, 'oracle')", INSTITUTIONS)
    works: list[list[Any]] = []
    authors: list[list[Any]] = []
    fields: list[list[Any]] = []
    for w, year, cites, lang, insts, flds in WORKS:
        works.append([work_id(w), "synthetic", f"work {w}", year, lang, cites, True, "2026-11-01"])
        for pos, inst in enumerate(insts):
            authors.append([work_id(w), pos, inst, COUNTRY.get(inst) if inst else None,
                            "institution" if inst else "none"])
        fields += [[work_id(w), "wos-wc", f, 1.0] for f in flds]
    con.executemany("INSERT INTO works (work_id, source, title, year, language, cited_by_count, synthetic, as_of)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", works)
    con.executemany("INSERT INTO authorships (work_id, position, institution_id, country_code, country_method)"
                    " VALUES (?, ?, ?, ?, ?)", authors)
    con.executemany("INSERT INTO work_fields VALUES (?, ?, ?, ?)", fields)
    con.executemany("INSERT INTO work_funders (work_id, funder_name, award_id) VALUES (?, ?, ?)",
                    [[work_id(w), f, a] for w, f, a in FUNDERS])
    con.executemany("INSERT INTO watchlist_entries (list_id, entry_id, name, country, listed_on)"
                    " VALUES (?, ?, ?, ?, ?)", WATCHLIST)
    con.executemany("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, decision)"
                    " VALUES ('institution', ?, ?, ?, 1.0, ?)", HITS)
