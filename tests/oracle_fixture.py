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

Raw affiliation strings (no effect on the research tables, which use institution ids): W5's HIT
author "Sino-Russian Institute of Robotics" (a joint centre); W7's RAS author "Mozhaisky Military
Space Academy" (defence-affiliated, RU); W3's MIT author "Ministry of Defence" (US: not counted);
W2's MSU author "Almazov National Medical Research Centre" and W4's Huawei author "Cascade Systems
Lab" (must match no defence company); W11 gains a second RU author at "Huawei Russian Research
Institute, Moscow" (a Huawei centre in Russia). AI scores (model oracle-v1): label true for the works
with the AI field.

`build_investment` adds organisations, deals and initiatives (see tests/test_oracle_indicators.py).
"""

from __future__ import annotations

from pathlib import Path
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
RAW = {("W5", 0): "Sino-Russian Institute of Robotics, Harbin Institute of Technology",
       ("W7", 1): "Mozhaisky Military Space Academy, St Petersburg",
       ("W3", 2): "Ministry of Defence, London",
       ("W2", 1): "Almazov National Medical Research Centre, St Petersburg",
       ("W4", 0): "Cascade Systems Lab, Huawei"}
EXTRA_AUTHORS = [("W11", 2, None, "Huawei Russian Research Institute, Moscow", "RU", "string")]
AI = "Computer Science, Artificial Intelligence"

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
            authors.append([work_id(w), pos, inst, RAW.get((w, pos)), COUNTRY.get(inst) if inst else None,
                            "institution" if inst else "none"])
        fields += [[work_id(w), "wos-wc", f, 1.0] for f in flds]
    con.executemany("INSERT INTO works (work_id, source, title, year, language, cited_by_count, synthetic, as_of)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", works)
    authors += [[work_id(w), pos, inst, raw, cc, how] for w, pos, inst, raw, cc, how in EXTRA_AUTHORS]
    con.executemany("INSERT INTO authorships (work_id, position, institution_id, raw_affiliation, country_code,"
                    " country_method) VALUES (?, ?, ?, ?, ?, ?)", authors)
    con.executemany("INSERT INTO ai_scores VALUES (?, 'ai', 'oracle-v1', ?, ?, 'title+abstract')",
                    [[work_id(w), 0.9 if AI in flds else 0.1, AI in flds] for w, _y, _c, _l, _i, flds in WORKS])
    con.executemany("INSERT INTO work_fields VALUES (?, ?, ?, ?)", fields)
    con.executemany("INSERT INTO work_funders (work_id, funder_name, award_id) VALUES (?, ?, ?)",
                    [[work_id(w), f, a] for w, f, a in FUNDERS])
    con.executemany("INSERT INTO watchlist_entries (list_id, entry_id, name, country, listed_on)"
                    " VALUES (?, ?, ?, ?, ?)", WATCHLIST)
    con.executemany("INSERT INTO screening_hits (subject_kind, subject_id, entry_id, list_id, score, decision)"
                    " VALUES ('institution', ?, ?, ?, 1.0, ?)", HITS)


ORGANISATIONS = [  # org_id, name, country, type
    ("rdif", "Russian Direct Investment Fund", "RU", "fund"), ("cic", "China Investment Corporation", "CN", "fund"),
    ("rcif", "Russia-China Investment Fund", "RU", "fund"), ("tencent", "Tencent", "CN", "company"),
    ("sber", "Sberbank", "RU", "company"), ("a16z", "Andreessen Horowitz", "US", "fund"),
    ("cetc", "China Electronics Technology Group Corporation", "CN", "company"),
]
OWNERS = [("rcif", "rdif", 0.5), ("rcif", "cic", 0.5)]
DEALS = [  # deal_id, announced_on, target, target country, amount_usd (None: undisclosed), sectors, ai_related,
    # investor_count, investors [(org_id, amount)]
    ("D1", "2017-05-01", "Megvii", "CN", 300e6, ["facial recognition"], True, 3,
     [("rcif", None), ("tencent", None), ("a16z", None)]),
    ("D2", "2018-02", "RoboRu", "RU", 120e6, ["robotics"], True, 4, [("tencent", 90e6), ("sber", None)]),
    ("D3", "2018", "TalkRu", "RU", None, ["speech recognition"], True, None, [("tencent", None)]),
    ("D4", "2016-10-01", "Rostec smart city unit", "RU", 40e6, ["smart cities"], True, None, [("cetc", None)]),
    ("D5", "2021-03-01", "BigRu", "RU", 1000e6, ["robotics"], True, None, [("tencent", None)]),
    ("D6", "2017-08-01", "Yitu", "CN", 50e6, ["computer vision"], True, None, [("a16z", None)]),
    ("D7", "2016-04-01", "BotCo", "US", 150e6, ["robotics"], True, None, [("tencent", None)]),
    ("D8", "2018-06-01", "Music RU", "RU", 10e6, ["music streaming"], False, None, [("tencent", None)]),
]
INITIATIVES = [  # id, kind, title, started_on, status, sectors, amount_usd, parties [(name, country)]
    ("i1-robotics-lab", "joint lab", "Sino-Russian Joint Laboratory of Robotics", "2017-03", "established",
     ["AI/robotics/big data"], 5e6, [("Harbin Institute of Technology", "CN"), ("Bauman University", "RU")]),
    ("i2-masters", "academic agreement", "Double master's degree in AI", "2018", "established", ["AI"], None,
     [("Tsinghua University", "CN"), ("Lomonosov Moscow State University", "RU")]),
    ("i3-rcif-rd-skolkovo", "fund", "RCIF for Regional Development commitment to Skolkovo Ventures", "2018-10",
     "announced", ["digital economy"], 300e6,
     [("Russia-China Investment Fund for Regional Development", "RU"), ("Skolkovo Ventures", "RU")]),
    ("i4-stalled-fund", "fund", "Joint venture fund (unresolved)", None, "stalled", ["general S&T"], None,
     [("Russian Venture Company", "RU"), ("Chinese investors", "CN")]),
    ("i5-innovation-fund", "fund", "Joint Innovation Investment Fund", "2019-07", "established", ["general S&T"],
     1e9, [("Russian Direct Investment Fund", "RU"), ("China Investment Corporation", "CN")]),
    ("i6-dahua-ntechlab", "joint project", "Dahua-NtechLab second camera", "2020", "established",
     ["AI/robotics/big data"], None, [("Dahua Technology", "CN"), ("NtechLab", "RU")]),
    ("i7-data", "cooperation agreement", "Data exchange agreement on AI research", "2017", "announced", ["AI"], None,
     [("Ministry of Science and Technology", "CN"), ("Ministry of Science and Higher Education", "RU")]),
    ("i8-smart-city", "cooperation agreement", "China-Russia smart city pilot", "2016", "established",
     ["smart cities", "AI"], 20e6, [("Rostec", "RU"), ("China Electronics Technology Group Corporation", "CN")]),
    ("i9-reactor-lab", "joint lab", "Joint lab of fast neutron reactors", "2017", "established", ["nuclear"], 1e6,
     [("Tsinghua University", "CN"), ("Rosatom", "RU")]),
]


def build_investment(con: duckdb.DuckDBPyConnection) -> None:
    """Organisations, owners, deals (all in USD) and initiatives: the investment side of the fixture."""
    import json

    con.executemany("INSERT INTO organisations (org_id, name, country_code, type) VALUES (?, ?, ?, ?)", ORGANISATIONS)
    con.executemany("INSERT INTO organisation_owners (org_id, owner_id, share) VALUES (?, ?, ?)", OWNERS)
    org = {o[0]: o for o in ORGANISATIONS}
    for did, on, target, tc, usd, sectors, ai, n_inv, investors in DEALS:
        con.execute("INSERT INTO deals (deal_id, announced_on, target, target_country, amount, currency, amount_usd,"
                    " disclosed, sectors_json, ai_related, source, investor_count)"
                    " VALUES (?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, 'oracle', ?)",
                    [did, on, target, tc, usd, usd, usd is not None, json.dumps(sectors), ai, n_inv])
        for oid, amount in investors:
            con.execute("INSERT INTO deal_investors (deal_id, investor, investor_country, share, amount, org_id)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        [did, org[oid][1], org[oid][2], amount / usd if amount and usd else None, amount, oid])
    for iid, kind, title, on, status, sectors, usd, parties in INITIATIVES:
        con.execute("INSERT INTO initiatives (initiative_id, kind, title, started_on, status, sectors_json, amount_usd,"
                    " summary) VALUES (?, ?, ?, ?, ?, ?, ?, '')",
                    [iid, kind, title, on, status, json.dumps(sectors), usd])
        con.executemany("INSERT INTO initiative_parties VALUES (?, ?, ?, 'party')", [[iid, n, c] for n, c in parties])


def build_file(path: Path, investment: bool = True) -> Path:
    """A warehouse file at `path` holding the fixture (with `build_investment`'s deals and initiatives)."""
    from techties.warehouse import Warehouse

    with Warehouse(path) as wh:
        build(wh.con)
        if investment:
            build_investment(wh.con)
    return path
