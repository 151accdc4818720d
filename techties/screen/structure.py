"""Structure of Chinese and Russian institution names, read into the English forms the lists use.

Chinese: "中国航天科技集团有限公司第一研究院第七〇二研究所" is a known parent (a defence group,
academy, university or ROR organisation, longest prefix wins) followed by numbered or named
sub-units (第一研究院, 702所, 第十二研究所, 159厂, …重点实验室, …学院). Numbers are normalised
(`cn2an`), and each level is written as the lists write it: "China Aerospace Science and
Technology Corporation 1st Academy 702 Research Institute". `zh_readings` returns the readings
of the most specific level first and then, marked `parent-level`, those of each parent: the
matcher uses a parent's only when no sub-unit reading hits, at a lower score, and says so. A
department (学院, 系, 研究生部) belongs to its institution and is not a level of its own.

Russian: legal forms (ФГБУН, ФГУП, ФГБОУ ВО, АО… and their long forms), the Russian Academy of
Sciences ("РАН", "Российской академии наук", "СО РАН") and eponyms ("им. П. Н. Лебедева",
"имени академика В. П. Макеева") are taken out as structure; the rest is translated word by word
and transliterated by BGN/PCGN and GOST 7.79 (`iuliia`), the standards the lists use, with the
eponym in the nominative ("Makeyev").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from importlib import resources

import cn2an
import iuliia
import msgspec
import yaml
from unidecode import unidecode

from techties.screen.kinds_ru import KINDS
from techties.screen.translit import bgn_word

PARENT_LEVEL = "parent-level"
CORE_LEFT_OUT = ", the rest left out)"  # ends the method of a quoted core or short name read alone (`core_readings`)
_NUM = "〇零一二三四五六七八九十百两0-9"
_NUM_UNIT = re.compile(rf"^第?([{_NUM}]+)(研究院|研究所|分院|所|院|厂|总体设计部|设计部|中心|基地|试验场)")
_NAMED_UNIT = re.compile(
    r"^(.*?(?:国家重点实验室|重点实验室|实验室|研究院|研究所|研究中心|中心|厂|学院|学部|研究生部|系(?!统)|医院|天文台))")
# 系 is a department, but 系统 "system" (中国船舶系统工程研究院, "CSSC Systems Engineering Research Institute")
_DEPARTMENT = ("学院", "学部", "研究生部", "系")
# a body's own R&D unit, with no name of its own: R&D words and a unit word only (研发中心, 技术研究中心, 中央研究院),
# a department of the body it follows, as 学院 is; a unit with a name (国家超级计算广州中心, 济南特种结构研究所) or a
# number (第六研究院) is a body of its own, and a bare 研究院 or 研究所 after a group may be one
_OWN_RD_UNIT = re.compile(r"(?:中央|技术|研发|研究|开发|创新|工程|设计|测试)+(?:中心|研究院|实验室)")
_LEADING_LEGAL = re.compile(r"^(?:集团)?(?:股份)?(?:有限责任公司|有限公司|总公司|公司)")
_ZH_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》（）()·・,，.。;；:：、\-]+")
_PLA = "中国人民解放军"


class Org(msgspec.Struct, frozen=True):
    """A parent a Chinese name can start with, and the English names the lists use for it."""

    en: tuple[str, ...]
    source: str
    acronym: str | None = None
    group: str | None = None  # defence group key (for its numbered academies)
    academy: int | None = None  # the academy's number within its group
    ror: str | None = None


class Unit(msgspec.Struct, frozen=True):
    native: str
    kind: str  # academy | institute | factory | center | base | test | design | unit | department
    number: int | None = None


# -- tables ----------------------------------------------------------------------------------
@cache
def _yaml(name: str) -> dict:
    return yaml.safe_load(resources.files("techties.screen").joinpath("data", name).read_text(encoding="utf-8"))


def fold_zh(text: str) -> str:
    """NFKC, simplified script, no spaces or punctuation: how Chinese names are compared."""
    from techties.screen.names import simplified

    return _ZH_PUNCT.sub("", simplified(unicodedata.normalize("NFKC", text)))


@cache
def defence_groups() -> dict[str, dict]:
    """The curated groups of data/defence_groups.yaml by key."""
    return {g["key"]: g for g in _yaml("defence_groups.yaml")["groups"]}


_ROR_OVERRIDE: list | None = None
_HIDDEN_ROR: set[str] = set()


@cache
def known_orgs() -> dict[str, tuple[Org, ...]]:
    """Folded Chinese name -> the organisations it names: defence groups and their academies,
    the curated bilingual names, and the ROR table (or a warehouse's ROR rows)."""
    from techties.screen.names import data_yaml
    from techties.screen.ror_names import shipped

    table: dict[str, list[Org]] = {}

    def add(names: Iterable[str], org: Org) -> None:
        for n in names:
            for key in {fold_zh(n), fold_zh(n).removeprefix(_PLA)}:
                if len(key) >= 2:
                    table.setdefault(key, []).append(org)

    for g in defence_groups().values():
        src = f"defence_groups.yaml: {g['source']}"
        add(g["zh"], Org(en=tuple(g["en"]), source=src, acronym=g.get("acronym"), group=g["key"]))
        for n, a in (g.get("academies") or {}).items():
            en = tuple(x for x in a["en"] if not re.fullmatch(r"[A-Z]{2,6}", x))
            add(a["zh"], Org(en=en, source=src, acronym=next((x for x in a["en"] if x not in en), None),
                             group=g["key"], academy=int(n)))
    for row in data_yaml("names_bilingual.yaml")["names"]:
        add(row.get("zh", []), Org(en=(row["en"],), source=f"names_bilingual.yaml: {row['source']}"))
    rows, ror_source = (_ROR_OVERRIDE, "ROR (warehouse)") if _ROR_OVERRIDE is not None else shipped()
    for r in rows:
        if r.lang == "zh":
            own = re.sub(r"\s*\([^()]*\)", "", r.en).strip() or r.en  # "Baidu (China)" -> "Baidu"
            en = (own, f"{r.parent_en} {own}") if r.parent_en else (own,)
            add(r.native, Org(en=en, source=f"ROR {r.ror} ({ror_source.split(';')[0]})", ror=r.ror))
    return {k: tuple(v) for k, v in table.items()}


@cache
def known_ru() -> dict[str, tuple[Org, ...]]:
    """Folded Russian name -> organisations, from the ROR table (or a warehouse's ROR rows)."""
    from techties.screen.ror_names import shipped

    rows, ror_source = (_ROR_OVERRIDE, "ROR (warehouse)") if _ROR_OVERRIDE is not None else shipped()
    out: dict[str, list[Org]] = {}
    for r in rows:
        if r.lang == "ru":
            own = re.sub(r"\s*\([^()]*\)", "", r.en).strip() or r.en
            en = (own, f"{own}, {r.parent_en}") if r.parent_en else (own,)
            for n in r.native:
                out.setdefault(fold_ru(n), []).append(
                    Org(en=en, source=f"ROR {r.ror} ({ror_source.split(';')[0]})", ror=r.ror))
    return {k: tuple(v) for k, v in out.items()}


def use_ror_rows(rows: list | None) -> None:
    """Read Chinese and Russian names from these ROR rows (a user's full dump in the warehouse,
    `ror_names.rows_from_warehouse`) instead of the shipped table; None goes back to it."""
    global _ROR_OVERRIDE
    _ROR_OVERRIDE = rows
    known_orgs.cache_clear()
    _zh_names_by_english.cache_clear()
    known_ru.cache_clear()


@contextmanager
def hide_ror(ids: Iterable[str]) -> Iterator[None]:
    """Evaluation only: screen as if the ROR table did not have these organisations."""
    saved = set(_HIDDEN_ROR)
    _HIDDEN_ROR.update(ids)
    try:
        yield
    finally:
        _HIDDEN_ROR.clear()
        _HIDDEN_ROR.update(saved)


def hidden_key() -> tuple[str, ...]:
    """The hidden ROR ids, for caches keyed on what the tables show."""
    return tuple(sorted(_HIDDEN_ROR))


def _visible(orgs: tuple[Org, ...]) -> list[Org]:
    return [o for o in orgs if not (o.ror and o.ror in _HIDDEN_ROR)]


# -- Chinese ---------------------------------------------------------------------------------
def zh_number(text: str) -> int | None:
    """Chinese or Arabic numerals as an int: 七〇二 -> 702, 十二 -> 12, 二三九 -> 239."""
    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def longest_known(text: str) -> tuple[str, list[Org]] | None:
    """The longest known organisation name the (folded) text starts with."""
    table = known_orgs()
    for i in range(len(text), 1, -1):
        orgs = table.get(text[:i])
        if orgs:
            vis = _visible(orgs)
            if vis:
                return text[:i], vis
    return None


def parse_units(rest: str, group: str | None) -> tuple[list[Unit], str, Org | None]:
    """Sub-units of the text after a parent, the part left unread, and a named academy of the
    parent's group if one comes first (中国航天科技集团公司 + 中国空间技术研究院 + 502所)."""
    units: list[Unit] = []
    academy = None
    rest = _LEADING_LEGAL.sub("", rest)
    while rest:
        rest = _LEADING_LEGAL.sub("", rest)
        if not rest:
            break
        if group and not units and academy is None:
            hit = longest_known(rest)
            if hit and any(o.group == group and o.academy for o in hit[1]):
                academy = next(o for o in hit[1] if o.group == group and o.academy)
                rest = rest[len(hit[0]):]
                continue
        m = _NUM_UNIT.match(rest)
        if m and zh_number(m.group(1)) is not None:
            kind = {"研究院": "academy", "分院": "academy", "院": "academy", "研究所": "institute", "所": "institute",
                    "厂": "factory", "中心": "center", "基地": "base", "试验场": "test"}.get(m.group(2), "design")
            units.append(Unit(native=m.group(0), kind=kind, number=zh_number(m.group(1))))
            rest = rest[m.end():]
            continue
        m = _NAMED_UNIT.match(rest)
        if m:
            own = m.group(1).endswith(_DEPARTMENT) or _OWN_RD_UNIT.fullmatch(m.group(1))
            kind = "department" if own else "unit"
            units.append(Unit(native=m.group(1), kind=kind))
            rest = rest[m.end():]
            continue
        break
    return units, rest, academy


def zh_sub_unit(rest: str) -> str | None:
    """The unit of its own that `rest`, the text after an institution's name, starts with (a numbered or
    named research academy or institute, a centre, laboratory, factory or hospital: `parse_units`), or None
    for a department (学院, 学部, 系) or nothing. 中国航天科技集团有限公司第六研究院第十一研究所 names an institute
    of CASC, not CASC: a hit on the head alone is the parent's, at the parent level; 华为技术有限公司机械工程学院
    is Huawei's department, Huawei itself."""
    units, _rest, _academy = parse_units(fold_zh(rest), None)
    return units[0].native if units and units[0].kind != "department" else None


def zh_group_named(text: str) -> bool:
    """A Chinese name that is a defence group's name (defence_groups.yaml, its academies aside), written with
    集团 or not, alone or before a unit of its own: 中船重工 and 中船重工706所 name CSIC, the group, and its
    unit, as 中国船舶重工集团公司 does; 中电科芯片技术（集团）有限公司 names a company of CETC's."""
    t = fold_zh(text).removeprefix(_PLA)
    hit = longest_known(t)
    if not hit or not any(o.group and o.academy is None for o in hit[1]):
        return False
    rest = _LEADING_LEGAL.sub("", t[len(hit[0]):])
    return not rest or zh_sub_unit(rest) is not None


def _norm_en(name: str) -> str:
    """Lower case, words only, "Chinese"/"China" and "Sciences"/"Science" alike (the lists write CAS both ways)."""
    t = " ".join(re.split(r"[^a-z0-9]+", unidecode(name).lower()))
    return f" {t.replace('chinese', 'china').replace('sciences', 'science')} "


@cache
def _group_names() -> tuple[tuple[str, tuple[str, ...], str | None], ...]:
    """(group key, its English names normalised, its acronym) of defence_groups.yaml."""
    return tuple((k, tuple(_norm_en(e) for e in g["en"]), g.get("acronym")) for k, g in defence_groups().items())


@lru_cache(maxsize=65536)
def stated_groups(names: tuple[str, ...]) -> frozenset[str]:
    """The defence groups and academies (defence_groups.yaml) that English names state, by full name or
    acronym: 'Academy of Military Medical Sciences, Institute of Basic Medicine' states AMMS, "China State
    Shipbuilding Corporation, Limited (CSSC) 705th Research Institute" CSSC."""
    normed = [_norm_en(n) for n in names]
    return frozenset(k for k, ens, acr in _group_names()
                     if any(e in n for e in ens for n in normed)
                     or (acr and any(re.search(rf"\b{acr}\b", n) for n in names)))


def _related(a: str, b: str) -> bool:
    """One group, or one named as part of the other (`also`: CSIC's institutes are CSSC's; a zh name of one
    that starts with one of the other's: 军事科学院军事医学研究院, AMMS within AMS)."""
    if a == b:
        return True
    ga, gb = defence_groups()[a], defence_groups()[b]
    if b in ga.get("also", ()) or a in gb.get("also", ()):
        return True
    return any(x.startswith(y) or y.startswith(x) for x in ga["zh"] for y in gb["zh"] if x != y)


def zh_parent_groups(text: str) -> frozenset[str] | None:
    """The groups of the parent a Chinese name starts with (the longest known name shorter than it:
    中国科学院 of 中国科学院西安光学精密机械研究所, 中国医学科学院 of 中国医学科学院基础医学研究所): its
    defence_groups.yaml key and the groups its English names state; empty for a parent no group names
    (a university, 中国医学科学院); None when no known name starts it."""
    return _zh_parent_groups(text, hidden_key())


@lru_cache(maxsize=65536)
def _zh_parent_groups(text: str, _hidden: tuple[str, ...]) -> frozenset[str] | None:
    t = fold_zh(text).removeprefix(_PLA)
    table = known_orgs()
    for i in range(len(t) - 1, 1, -1):
        orgs = _visible(table.get(t[:i], ()))
        if orgs:
            keys = {o.group for o in orgs if o.group}
            return frozenset(keys) | stated_groups(tuple(e for o in orgs for e in o.en))
    return None


def parent_conflict(text: str, names: tuple[str, ...]) -> bool:
    """A Chinese name whose parent is known (`zh_parent_groups`) against an entry whose names state a group or
    academy that is not that parent's nor related to it (`_related`): 中国医学科学院基础医学研究所 (CAMS) is not
    the 'Academy of Military Medical Sciences, Institute of Basic Medicine', 中国科学院西安光学精密机械研究所 (CAS)
    not CSSC's "Xi'an Precision Machinery Research Institute". Entries that state no group say nothing."""
    stated = stated_groups(names)
    if not stated:
        return False
    parent = zh_parent_groups(text)
    if parent is None:
        return False
    return not any(_related(a, b) for a in parent for b in stated)


def group_left_out(text: str, alias: str) -> bool:
    """An alias that states its group or academy (`stated_groups`: "The Institute of Electronics, Chinese Academy
    of Sciences") against a Chinese name that writes none of that group's Chinese names, nor of one related to it
    (`_related`): 中国电子科学研究院 read word for word ('China electronic science academy') has the words of the CAS
    institute's alias, not the CAS; 北京微生物流行病研究所 is not "Academy of Military Medical Sciences, Institute of
    Microbiology and Epidemiology" by its words alone. An alias that states no group by its full name says nothing:
    a group's acronym before a firm's name ("CSSC Huangpu Wenchong Shipbuilding") is a short form, which the
    Chinese writes short too (中船黄埔文冲), by no name of the group's table."""
    normed = _norm_en(alias)
    stated = frozenset(k for k, ens, _acr in _group_names() if any(e in normed for e in ens))
    if not stated:
        return False
    t = fold_zh(text)
    return not any(z in t for k in defence_groups() if any(_related(k, g) for g in stated)
                   for z in defence_groups()[k]["zh"])


@cache
def _zh_place_words() -> frozenset[str]:
    """The Chinese cities of the gazetteer as English words ("shenyang", "xian"): one-word names of four letters
    or more, provinces aside (ZH_PROVINCES: a CAS institute names its city, 'Shaanxi Astronomical Observatory' is
    the National Time Service Center's old name, in Xi'an)."""
    provinces = {w for v in ZH_PROVINCES.values() for w in _place_words(v)}
    one_word = (_place_words(v) for v in zh_place_names().values())
    return frozenset(ws[0] for ws in one_word if len(ws) == 1 and len(ws[0]) >= 4) - provinces - {"china"}


def _place_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", unidecode(text).lower().replace("'", ""))


def city_left_out(text: str, reading: str, names: tuple[str, ...]) -> bool:
    """A unit of a parent that names its units by city (defence_groups.yaml `units_by_city`: the CAS) against
    an entry of that parent that names a city the reading does not: 中国科学院自动化研究所 (in Beijing) is not
    'China Academy of Science—Shenyang Institute of Automation' (中国科学院沈阳自动化研究所)."""
    parent = zh_parent_groups(text)
    by_city = {g for g in parent or () if defence_groups()[g].get("units_by_city")}
    if not by_city or not by_city & stated_groups(names):
        return False
    cities = {w for n in names for w in _place_words(n)} & _zh_place_words()
    return bool(cities) and not cities & set(_place_words(reading))


_ORDINAL_WORDS = ("", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth")


def _ordinal_word(n: int) -> list[str]:
    """The ordinal in words as some list names write it ("CASC 1st Academy First Design Department",
    "CASIC Second Academy"), for one to ten."""
    return [_ORDINAL_WORDS[n]] if 0 < n < len(_ORDINAL_WORDS) else []


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def unit_english(u: Unit, drop_city: bool = False) -> list[str]:
    """The forms the lists write a unit in: "14th Research Institute", "702 Research Institute"…;
    `drop_city`: also without the city its name starts with (see `_drops_city`)."""
    from techties.screen.names import translate_zh, zh_sense_readings

    n = u.number
    if n is None:
        en = translate_zh(u.native)
        alt = re.sub(r"\bacademy$", "institute", en)  # 研究院: the lists mostly say "Institute"
        # the lists leave out the city of an industrial group's unit (AVIC 西安飞行自动控制研究所 is "AVIC
        # Flight Automatic Control Research Institute") and write other senses of its words
        places, rest = zh_leading_places(fold_zh(u.native)) if drop_city else ([], "")
        own = [translate_zh(rest), *zh_sense_readings(rest, limit=2)] if places and len(rest) >= 3 else []
        return list(dict.fromkeys([en, alt, *own, *zh_sense_readings(u.native, limit=2)]))
    return {
        "academy": [f"{_ordinal(n)} Academy", f"{_ordinal(n)} Research Academy",
                    *(f"{w} Academy" for w in _ordinal_word(n))],
        "institute": [f"{_ordinal(n)} Research Institute", f"{n} Institute"],
        "factory": [f"{n} Factory"],
        "center": [f"{n} Center"],
        "base": [f"Base {n}"],
        "test": [f"{_ordinal(n)} Test Center", f"{n} Test Range"],  # 七五〇试验场: CSSC "750th Test Center"
    }.get(u.kind, [f"{n} Design Department", *(f"{w} Design Department" for w in _ordinal_word(n))])


def _drops_city(org: Org) -> bool:
    """Whether the lists write this parent's units without their city: an industrial group's, not
    the CAS's, whose institutes are named by city and discipline (上海, 西安 and 长春光学精密机械研究所
    are three institutes; defence_groups.yaml `units_by_city`)."""
    return bool(org.group) and not defence_groups()[org.group].get("units_by_city")


def parent_names(org: Org) -> list[str]:
    """English names of a parent: its own, and for a numbered academy its group's "Nth Academy"."""
    names = list(org.en)
    if org.academy is not None and org.group:
        g = defence_groups()[org.group]
        names += [f"{g['en'][0]} {_ordinal(org.academy)} Academy", f"{g['acronym']} {_ordinal(org.academy)} Academy"]
    elif org.acronym and org.group:
        names.append(org.acronym)
    return list(dict.fromkeys(names))


def _show(u: Unit) -> str:
    return f"{u.native} = {u.kind} {u.number}" if u.number is not None else u.native


@cache
def _unit_names() -> tuple[tuple[str, str, dict], ...]:
    """A numbered unit's own name, its numbered form and its group (defence_groups.yaml
    `unit_names`), longest first."""
    out = [(fold_zh(n), fold_zh(numbered), g) for g in defence_groups().values()
           for n, numbered in (g.get("unit_names") or {}).items()]
    return tuple(sorted(out, key=lambda x: -len(x[0])))


def numbered_form(text: str) -> tuple[str, str] | None:
    """A (folded) name that writes a numbered unit by its own name, rewritten with the group and the
    number the lists use ("洛阳船舶材料研究所" is "中国船舶集团有限公司第七二五研究所", the Entity List's
    "CSSC 725th Research Institute"), and that own name; None when it names none. The unit's name
    must start the text or follow its group's name."""
    for own, numbered, g in _unit_names():
        i = text.find(own)
        if i < 0:
            continue
        head = text[:i]
        if head and not any(o.group in (g["key"], *g.get("also", ())) for o in (known_orgs().get(head) or ())):
            continue
        return (head or fold_zh(g["zh"][0])) + numbered + text[i + len(own):], own
    return None


_NUMBERED_UNIT = re.compile(rf"第([{_NUM}]+)(?:研究院|研究所|分院|厂|中心|试验场)")


def zh_group_english(text: str) -> tuple[str, ...]:
    """The English names of the defence group a Chinese name is, whole (`zh_group_named` without a unit):
    中国船舶工业集团公司 is 'China State Shipbuilding Corporation', 中船重工 'China Shipbuilding Industry Group'
    (CSIC, whose names include CSSC's since the merger); () for any other name."""
    t = fold_zh(text).removeprefix(_PLA)
    hit = longest_known(t)
    if not hit or _LEADING_LEGAL.sub("", t[len(hit[0]):]):
        return ()
    return tuple(e for o in hit[1] if o.group and o.academy is None for e in defence_groups()[o.group]["en"])


# a unit's number as a name writes it: 第十二研究所, 第七〇二研究所, or digits alone before the unit word (612所,
# 七〇二所, 二三九厂; two digits at least, so that 三所 or 一院, a word, is no number)
_WRITTEN_UNIT = re.compile(rf"第([{_NUM}]+)(?:研究院|研究所|分院|所|厂|中心|基地|试验场)"
                           r"|(?<![〇零一二三四五六七八九十百两0-9])([〇零一二三四五六七八九0-9]{2,})(?:研究院|研究所|所|厂)")


def zh_unit_number(text: str) -> int | None:
    """The number of the unit a Chinese name names, the last one it writes, so that an academy's number
    gives way to its institute's (…第五研究院第五〇二研究所: 502) and an academy named alone gives its own
    (第五研究院: 5): by its own name (`numbered_form`: 上海船舶设备研究所 is CSSC's 704th institute,
    中国航天科技集团公司北京强度环境研究所 CASC's 702nd), else as it writes it (`_WRITTEN_UNIT`: 航空工业612所 is
    AVIC's 612th, 中国电子科技集团公司第十四研究所 CETC's 14th); None for a name that numbers no unit."""
    t = fold_zh(text).removeprefix(_PLA)
    rewritten = numbered_form(t)
    nums = _NUMBERED_UNIT.findall(rewritten[0]) if rewritten else []
    if not nums:
        nums = [a or b for a, b in _WRITTEN_UNIT.findall(t)]
    return zh_number(nums[-1]) if nums else None


def zh_readings(text: str) -> list[tuple[str, str]]:
    """English readings of a Chinese name from its structure, most specific level first; readings
    of a parent level carry the method prefix 'parent-level'. [] when no known parent starts it.
    A numbered unit written by its own name is read by its numbered form first (`numbered_form`)."""
    t = fold_zh(text).removeprefix(_PLA)
    rewritten = numbered_form(t)
    if rewritten:
        note = f"{rewritten[1]} = {rewritten[0]} (defence_groups.yaml unit_names); "
        own = [(r, f"{m.split(' (', 1)[0]} ({note}{m.split(' (', 1)[1]}" if " (" in m else m)
               for r, m in _zh_readings(rewritten[0])]
        return list(dict.fromkeys(own + _zh_readings(t)))
    return _zh_readings(t)


def _zh_readings(t: str) -> list[tuple[str, str]]:
    hit = longest_known(t)
    if not hit:
        return []
    prefix, orgs = hit
    org = next((o for o in orgs if o.group), orgs[0])
    units, rest, academy = parse_units(t[len(prefix):], org.group)
    if rest and not units and academy is None:
        return []  # 北方工业大学 is not a unit of 北方工业: a known name that merely starts the text
    bases = parent_names(academy) if academy else parent_names(org)
    if academy is None and org.group and units and units[0].kind == "academy" and units[0].number:
        named = next((o for os_ in known_orgs().values() for o in os_
                      if o.group == org.group and o.academy == units[0].number), None)
        if named:
            bases = parent_names(named) + [f"{b} {e}" for b in parent_names(org)[:1] for e in unit_english(units[0])]
            units = units[1:]
    levels = [u for u in units if u.kind != "department"]
    depts = [u.native for u in units if u.kind == "department"]
    what = f"{prefix} = {parent_names(org)[0]}" + (f"; academy = {bases[0]}" if bases[0] != parent_names(org)[0]
                                                   else "") + f" ({(academy or org).source})"
    out: list[tuple[str, str]] = []
    firm = _firm_of_unit(rest, levels, bases, org, what)
    out += firm
    for depth in range(len(levels), -1, -1):
        if depth == len(levels) - 1 and depth >= 1:
            out += _without_intermediate(bases, levels, org, what, rest if firm else "")
        chain = levels[:depth]
        parent = depth < len(levels) or bool(firm)
        note = (f"{PARENT_LEVEL} (sub-unit {''.join(u.native for u in levels[depth:]) + (rest if firm else '')}"
                f" not matched; {what})"
                if parent else f"structure ({what}" + (f"; units {', '.join(_show(u) for u in chain)}" if chain else "")
                + (f"; department {' '.join(depts)}" if depts else "") + (f"; unread {rest}" if rest else "") + ")")
        for b in bases[:4]:
            texts = [b]
            for u in chain:
                # the first four of the product are those of its first four prefixes: a long run of units
                # (a name pasted thirty times) stays linear
                texts = [f"{x} {e}" for x in texts for e in unit_english(u, _drops_city(org))][:4]
            out += [(x, note) for x in texts + acronym_number(b, chain, org)]
    return list(dict.fromkeys(out))


def acronym_number(base: str, chain: list[Unit], org: Org) -> list[str]:
    """A numbered institute right under its group, written as the group's acronym and the number alone, as
    the Entity List writes such aliases ('CETC 16', 'CETC 28', 'AVIC 615'; 'CETC 24', 'CETC 26' and 'CETC 44'
    of CETC Chip Technology): "CETC 24" for 中国电子科技集团公司第二十四研究所. Only with the acronym (a full
    group name and a bare number would read as the group)."""
    if len(chain) != 1 or chain[0].kind != "institute" or chain[0].number is None or not org.group:
        return []
    return [f"{base} {chain[0].number}"] if base == defence_groups()[org.group].get("acronym") else []


def _firm_of_unit(rest: str, levels: list[Unit], bases: list[str], org: Org, what: str) -> list[tuple[str, str]]:
    """A company of a unit, written after it as industry words and a legal form: the lists name it "System
    Equipment Co., Ltd. of the 28th Research Institute" (中国电子科技集团公司第二十八研究所系统装备有限公司,
    Entity List); its readings come first and the unit's become a parent level (the unit is not the firm)."""
    if not levels or not rest.endswith("公司"):
        return []
    words = zh_company_tail(rest)
    if not words or not all(words):
        return []
    what_en = " ".join(words)
    note = f"structure ({what}; units {', '.join(_show(u) for u in levels)}; company {rest})"
    out = [(f"{what_en} co ltd of the {e}", note) for e in unit_english(levels[-1], _drops_city(org))[:4]]
    for b in bases[:2]:
        texts = [b]
        for u in levels:
            texts = [f"{x} {e}" for x in texts for e in unit_english(u, _drops_city(org))]
        out += [(f"{x} {what_en} co ltd", note) for x in texts[:4]]
    return out


def _without_intermediate(bases: list[str], levels: list[Unit], org: Org, what: str,
                          firm: str = "") -> list[tuple[str, str]]:
    """The parent and the last level with the levels between left out: the lists name a unit under an
    intermediate parent by its own name, "Nanjing Institute of Astronomical Optics and Technology" for
    中国科学院国家天文台南京天文光学技术研究所 (CAS > National Astronomical Observatories > NIAOT).
    Tried after the whole chain, before any parent level; an institute (研究所, 研究院) also alone, as
    a name the parent is set aside from. Numbered units keep their chain (a number is counted within
    its academy: CASC 1st Academy 12 Research Institute). With `firm` (a company written after the unit,
    which is what the name names) these are parent-level readings, as the unit's own are."""
    last = levels[-1]
    if last.number is not None or any(u.number is not None for u in levels[:-1]):
        return []
    left = "".join(u.native for u in levels[:-1])
    said = f"{what}; units {_show(last)}; intermediate {left} left out"
    note = f"{PARENT_LEVEL} (sub-unit {firm} not matched; {said})" if firm else f"structure ({said})"
    own = unit_english(last, _drops_city(org))[:4]
    out = [(f"{b} {e}", note) for b in bases[:4] for e in own]
    if last.native.endswith(("研究所", "研究院")):  # an institute of its own: the lists write it without the parent too
        out += [(e, f"{note[:-1]}, parent set aside)") for e in own]
    return out


_EN_LEGAL = frozenset("co ltd limited company corp corporation inc the of and".split())


def _fold_en(name: str) -> str:
    """An English name as the Chinese-name index keys it: case, punctuation, legal form and "of" aside."""
    return " ".join(w for w in re.split(r"[^a-z0-9]+", unidecode(name).lower()) if w and w not in _EN_LEGAL)


@cache
def _zh_names_by_english() -> dict[str, tuple[tuple[str, Org | None], ...]]:
    """Folded English name -> the Chinese names the tables know for it (known_orgs, brands_zh.yaml)."""
    out: dict[str, list[tuple[str, Org | None]]] = {}
    for zh, orgs in known_orgs().items():
        for o in orgs:
            for en in o.en:
                out.setdefault(_fold_en(en), []).append((zh, o))
    for zh, (ens, _src) in zh_brands().items():
        for en in ens:
            out.setdefault(_fold_en(en), []).append((zh, None))
    return {k: tuple(v) for k, v in out.items()}


_ZH_NAME_END = re.compile(r"(大学|学院|研究院|研究所|公司|集团|医院|中心|实验室)$")


def _short_form(short: str, long: str) -> bool:
    """`short` keeps the characters of `long` in order (北航 of 北京航空航天大学); when both end with
    one organisation word, one character at most is left out between two kept ones (国防科技大学
    of 国防科学技术大学), for a word left out names another organisation (国防大学 is not
    国防科技大学, 南京大学 not 南京理工大学)."""
    pos: list[int] = []
    for ch in short:
        i = long.find(ch, pos[-1] + 1 if pos else 0)
        if i < 0:
            return False
        pos.append(i)
    end = _ZH_NAME_END.search(short)
    if not end or not long.endswith(end.group(1)):
        return True
    return all(b - a <= 2 for a, b in zip(pos, pos[1:], strict=False))


def zh_known_other(text: str, names: Iterable[str]) -> str | None:
    """A Chinese name the tables know for one of `names` (a list entry's English names) when the
    Chinese `text` (its institution, a department aside) is none of them: neither a short form of
    any nor one of it (`_short_form`: 北航 of 北京航空航天大学), so an English
    reading of `text` that matches `names` is a look-alike: 西安理工大学 (Xi'an University of
    Technology) read "Xi'an technology university" is not 西安工业大学 (Xi'an Technological
    University), nor is 致远 "Zhiyuan" 智源. None when no Chinese name is known or one fits."""
    q = _zh_core(zh_institution_head(fold_zh(text).removeprefix(_PLA)))
    table = _zh_names_by_english()
    known = {zh for n in names for zh, o in table.get(_fold_en(n), ()) if not (o and o.ror in _HIDDEN_ROR)}
    if not q or not known or any(_short_form(k, q) or _short_form(q, k) for k in map(_zh_core, known)):
        return None
    return min(known)


@cache
def _brand_pinyin() -> dict[str, frozenset[str]]:
    """A trade name's pinyin -> the trade names (brands_zh.yaml) that the lists write by it, where one of
    the brand's English names has it as a word: 华为 "huawei" ("Huawei Technologies Co., Ltd."), 大华
    "dahua" ("Dahua Technology"). Not 海康 "haikang" (the lists write "Hikvision")."""
    from pypinyin import lazy_pinyin

    out: dict[str, set[str]] = {}
    for zh, (ens, _src) in zh_brands().items():
        p = "".join(lazy_pinyin(zh))
        if len(p) >= 4 and any(p in _fold_en(en).split() for en in ens):
            out.setdefault(p, set()).add(zh)
    return {k: frozenset(v) for k, v in out.items()}


def zh_homophone(text: str, reading: str) -> str | None:
    """The pinyin word of a trade name that a reading of `text` spells while `text` does not write the
    trade name: 华威 (Warwick, CC-CEDICT) and 华维 read "huawei" but are not 华为; None otherwise. The lists write a
    brand's many firms by its English word ("Huawei Holding", "Huawei Cloud"), so that word read out of
    other characters is a homophone, another name."""
    t = fold_zh(text)
    for word in set(reading.lower().split()):
        zhs = _brand_pinyin().get(word)
        if zhs and not any(z in t for z in zhs):
            return word
    return None


def zh_other_characters(text: str, zh_alias: str) -> bool:
    """A list's Chinese alias and a Chinese `text` whose cores (`_zh_core`: places, industry words and
    legal form aside) are written with other characters, neither a short form of the other: the
    list gives the characters, so a reading of `text` that spells the alias's pinyin is a homophone
    (伊图科技有限公司 is not the NS-CMIC alias 依图科技有限公司 of Yitu). Names mixing Latin letters and
    characters too: ACSL株式会社 is not China's counter-sanctions alias ASPP株式会社, while 株式会社ASPP and
    aspp株式会社 are it (the same letters and characters, case and order aside). A core without a
    character is left to the Latin matching."""
    from techties.screen.names import script_of

    q, a = (_zh_core(fold_zh(x)).casefold() for x in (text, zh_alias))
    if script_of(q) != "zh" or script_of(a) != "zh":
        return False
    if _runs(q) == _runs(a):
        return False
    return not (_short_form(a, q) or _short_form(q, a))


def _runs(core: str) -> list[str]:
    """A core's runs of letters or digits and of characters, sorted: 株式会社aspp and aspp株式会社 alike."""
    return sorted(re.findall(r"[a-z0-9]+|[\u3400-\u9fff]+", core))


# the status a national laboratory's name states, which its users leave out: 试点 "pilot" (青岛海洋科学与技术试点
# 国家实验室, qnlm.ac, is written 青岛海洋科学与技术国家实验室 as often), （筹） "in preparation" (北京分子科学国家
# 实验室（筹）, folded without its brackets)
_ZH_STATUS = re.compile(r"试点(?=.*实验室)|(?<=实验室)筹$")


def _zh_core(name: str) -> str:
    """A company name without its leading places, industry words and legal form, which firms
    write in several ways (北京格灵深瞳信息技术有限公司 and 格灵深瞳科技有限公司 are both 格灵深瞳);
    a laboratory's name without the status it states (`_ZH_STATUS`); any other name as it is (工业 in
    西安工业大学 is no industry word of a firm)."""
    if not name.endswith(ZH_LEGAL_FORMS):
        return _ZH_STATUS.sub("", name)
    core = name
    while True:
        end = next((w for w in (*ZH_LEGAL_FORMS, *ZH_INDUSTRY) if core.endswith(w) and len(core) > len(w)), None)
        if not end:
            break
        core = core[: -len(end)]
    return zh_leading_places(core)[1] or core


_ZH_HEAD_END = re.compile(r"大学|学院|研究院|研究所|科学院|工程院|公司|集团")
_ZH_ORG_WORD = re.compile(r"大学|学院|研究院|研究所|公司|集团|医院|中心|实验室|学校|局")


def zh_institution_head(text: str) -> str:
    """The institution of a CNKI-style run "institution + department" (重庆科技学院 + 光电学院,
    中国科学院大学 + 人工智能学院): a department belongs to its institution and is no part of its
    name, so word-by-word readings leave it out ("Chongqing Technology Institute", not "…
    Optoelectronics Institute"). The text itself when it ends with no department after an
    institution word."""
    for m in _ZH_HEAD_END.finditer(text):
        rest = text[m.end():]
        if (len(rest) >= 3 and rest.endswith(_DEPARTMENT) and not _ZH_ORG_WORD.search(rest[:-2])
                and m.start() >= 2):
            return text[:m.end()]
    return text


# -- Chinese company names ------------------------------------------------------------------
# A Chinese company name is place + trade name (字号) + industry + legal form (企业名称登记管理规定:
# 行政区划 + 字号 + 行业 + 组织形式): "北京旷视科技有限公司" is 北京 + 旷视 + 科技 + 有限公司. The lists
# write the trade name as the company's English brand (data/brands_zh.yaml) or in pinyin, often
# without the place ("Megvii Technology Limited", "Hangzhou Yushu Technology Co., Ltd.").
ZH_PROVINCES = {
    "河北": "Hebei", "山西": "Shanxi", "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan",
    "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "海南": "Hainan", "四川": "Sichuan", "贵州": "Guizhou",
    "云南": "Yunnan", "陕西": "Shaanxi", "甘肃": "Gansu",
    "青海": "Qinghai", "台湾": "Taiwan", "内蒙古": "Inner Mongolia",
    "广西": "Guangxi", "西藏": "Tibet", "宁夏": "Ningxia", "新疆": "Xinjiang", "香港": "Hong Kong", "澳门": "Macau",
}
# Industry words (行业) as the lists translate them, and legal forms (组织形式), which they drop or
# write as "Co., Ltd.".
ZH_INDUSTRY = {
    "科技": "technology", "技术": "technology", "信息技术": "information technology", "信息": "information",
    "电子": "electronic", "电子科技": "electronic technology", "智能": "intelligent", "网络": "network",
    "通信": "communication", "通讯": "communication", "软件": "software", "微电子": "microelectronics",
    "半导体": "semiconductor", "集成电路": "integrated circuit", "生物科技": "biotechnology", "生物": "biological",
    "医药": "pharmaceutical", "光电": "optoelectronic", "光学": "optical", "机器人": "robotics", "创新": "innovation",
    "实业": "industrial", "国际": "international", "发展": "development", "开发": "development", "数字": "digital",
    "数据": "data", "航空": "aviation", "航天": "aerospace",
    "新能源": "new energy", "能源": "energy", "材料": "materials",
    "系统": "systems", "设备": "equipment", "装备": "equipment", "投资": "investment", "产业": "industry",
    "工业": "industry", "制造": "manufacturing", "存储": "memory", "量子": "quantum", "计算": "computing",
    "安全": "security", "视觉": "vision", "自动化": "automation", "精密": "precision", "仪器": "instruments",
    "贸易": "trading", "电气": "electric", "无人机": "uav",
    "汽车": "automotive", "芯片": "chip", "新材料": "new materials",
    "设计": "design", "集成电路设计": "integrated circuit design",
    "微系统": "microsystems", "光电子": "optoelectronics",
}
ZH_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "总公司", "控股", "股份", "集团", "公司")
_ZH_PLACE_SUFFIX = ("特别行政区", "自治区", "省", "市", "区", "县")


@cache
def zh_brands() -> dict[str, tuple[tuple[str, ...], str]]:
    """Folded Chinese trade name -> (the English names the lists write, source): data/brands_zh.yaml."""
    out: dict[str, tuple[tuple[str, ...], str]] = {}
    for row in _yaml("brands_zh.yaml")["brands"]:
        for n in row["zh"]:
            out[fold_zh(n)] = (tuple(row["en"]), row["source"])
    return out


@cache
def zh_place_names() -> dict[str, str]:
    from techties.screen.names import zh_places

    return {**{k: v.title() for k, v in zh_places().items()}, **ZH_PROVINCES}


def zh_leading_places(text: str) -> tuple[list[str], str]:
    """English names of the places a (folded) Chinese name starts with, and the rest:
    "广东省深圳市大疆创新科技" -> (["Guangdong", "Shenzhen"], "大疆创新科技")."""
    places = zh_place_names()
    out: list[str] = []
    while True:
        hit = next((text[:n] for n in range(min(5, len(text) - 2), 1, -1) if text[:n] in places), None)
        if not hit:
            return out, text
        out.append(places[hit])
        text = text[len(hit):]
        text = next((text[len(s):] for s in _ZH_PLACE_SUFFIX if text.startswith(s) and len(text) > len(s) + 1), text)


def zh_no_trade_name(text: str) -> bool:
    """A Chinese name of places and industry words only, a legal form aside: "河南电子公司" has no trade
    name (字号, the part of 行政区划 + 字号 + 行业 + 组织形式 that says which firm), so it says where and
    what, not who."""
    places, rest = zh_leading_places(fold_zh(text))
    tail = zh_company_tail(rest) if places and rest else None
    return bool(tail) and all(tail)


def zh_company_tail(text: str) -> list[str] | None:
    """The English of industry words, places in brackets and legal forms that make up all of
    `text` (what follows a trade name), an optional department (学院, 系…) last; None if
    something else is left."""
    places = zh_place_names()
    out: list[str] = []
    while text:
        if text.endswith(_DEPARTMENT) and _NAMED_UNIT.fullmatch(text) and len(text) <= 12:
            return out  # 光电学院 is a department, not the industry word 光电 and 学院
        legal = next((f for f in ZH_LEGAL_FORMS if text.startswith(f)), None)
        if legal:
            text = text[len(legal):]
            continue
        word = next((text[:n] for n in range(min(5, len(text)), 1, -1) if text[:n] in ZH_INDUSTRY), None)
        place = None if word else next((text[:n] for n in range(min(5, len(text)), 1, -1) if text[:n] in places), None)
        if word or place:
            out.append(ZH_INDUSTRY[word] if word else "")
            text = text[len(word or place or ""):]
            continue
        m = _NAMED_UNIT.fullmatch(text)
        return out if m and text.endswith(_DEPARTMENT) else None
    return out


def _pinyin_words(trade: str) -> str:
    """A trade name in pinyin as the lists write it: 宇树 "yushu", 智谱华章 "zhipu huazhang"."""
    from pypinyin import lazy_pinyin

    syl = lazy_pinyin(trade)
    if len(syl) == 4:
        return f"{syl[0]}{syl[1]} {syl[2]}{syl[3]}"
    return "".join(syl)


def zh_brand_alone(text: str) -> bool:
    """Whether a Chinese name is a listed company's trade name (brands_zh.yaml) and nothing else but a
    leading place and a legal form: "中国中车股份有限公司", "比亚迪股份有限公司", "蔚来汽车"; not
    "华大精准营养（深圳）科技有限公司…", whose trade name only starts with 华大 (BGI)."""
    t = fold_zh(text)
    for form in ZH_LEGAL_FORMS:
        if t.endswith(form) and len(t) > len(form):
            t = t[:-len(form)]
            break
    brands = zh_brands()
    if t in brands or zh_leading_places(t)[1] in brands:
        return True
    return _long_brand_with_industry(zh_leading_places(t)[1], brands)


_LONG_TRADE_NAME = 4  # characters: 中创新航, 宁德时代, 科大讯飞 name one firm; 普联, 大华, 华大 many


def _long_brand_with_industry(t: str, brands: dict) -> bool:
    """A trade name of four characters or more followed only by industry words (the registered name's
    行业, before its 组织形式): "中创新航科技集团股份有限公司" is CALB itself (calb-tech.com). A two-
    or three-character trade name keeps the one-word cap with industry words after it: 普联软件 is
    Pansoft, not TP-Link (普联)."""
    for n in range(len(t) - 1, _LONG_TRADE_NAME - 1, -1):
        if t[:n] in brands:
            return bool(zh_company_tail(t[n:]))  # [] is a department (学院): no industry words
    return False


def zh_company_readings(text: str) -> list[tuple[str, str]]:
    """English readings of a Chinese company name from its structure: a known trade name
    (brands_zh.yaml) as the lists write it, else the trade name in pinyin with the industry
    translated, with the leading place (trade names are registered per region, so "信得科技"
    of Shandong is not another province's "Xinde Technology")."""
    t = fold_zh(text)
    places, rest = zh_leading_places(t)
    brands = zh_brands()
    out: list[tuple[str, str]] = []
    for start, where in ((t, []), (rest, places)) if places else ((t, []),):
        for n in range(len(start), 1, -1):
            tail = zh_company_tail(start[n:]) if start[:n] in brands else None
            # a two-character trade name is common (天马, 大华), also after 中国 or a place (中国建筑): industry
            # words after it may name another firm ("天马科技"; 中国建筑材料科学研究总院 is the China Building
            # Materials Academy, not China State Construction), so only the forms the table writes out count
            if tail is not None and (not any(tail) or len(zh_leading_places(start[:n].removeprefix("中国"))[1]) >= 3):
                ens, src = brands[start[:n]]
                note = (f"name-table (brands_zh.yaml: {src}); structure (company: "
                        + (f"place {' '.join(where)} + " if where else "") + f"trade name {start[:n]}"
                        + (f" + {start[n:]}" if start[n:] else "") + ")")
                out = [(en, note) for en in ens]
                break
        if out:
            break
    from techties.screen.names import glossary

    for n in range(2, min(4, len(rest) - 1) + 1):
        if rest[:n] in ZH_INDUSTRY or rest[:n] in glossary("zh"):
            continue  # 生物科技 is "biotechnology", not a firm called 生物
        tail = zh_company_tail(rest[n:])
        if tail and any(tail):
            trade = _pinyin_words(rest[:n])
            industry = " ".join(w for w in tail if w)
            note = ("structure (company: " + (f"place {' '.join(places)} + " if places else "")
                    + f"trade name {rest[:n]} + {rest[n:]}), pinyin")
            # a trade name is unique only within the region that registered it: the place stays
            out.append((f"{' '.join(places)} {trade} {industry}".strip(), note))
            break
    return out


@cache
def _group_company_prefixes() -> tuple[tuple[str, dict], ...]:
    """Folded names and short names of the defence groups (data/defence_groups.yaml: zh and
    company_prefix), longest first."""
    out = [(fold_zh(n), g) for g in defence_groups().values() if g.get("acronym")
           for n in (*g["zh"], *g.get("company_prefix", ()))]
    return tuple(sorted(out, key=lambda x: -len(x[0])))


def zh_group_company_readings(text: str) -> list[tuple[str, str]]:
    """A group subsidiary's registered name read as the lists write it: the group's acronym or
    English name before the rest of the name word by word ("中电科数字技术股份有限公司" is NS-CMIC's
    "CETC Digital Technology Co., Ltd.", "中国航发哈尔滨东安发动机有限公司" the Entity List's "AECC
    Harbin Dongan Engine Co., Ltd.", "中国船舶重工集团动力股份有限公司" "China Shipbuilding Industry
    Group Power Company Limited"). Only a company's name, ending in a legal form: a unit's name
    (研究所, 厂) is read by `zh_readings`."""
    from techties.screen.names import translate_zh_names, zh_sense_readings

    t = fold_zh(text)
    if not t.endswith(ZH_LEGAL_FORMS):
        return []
    hit = next(((p, g) for p, g in _group_company_prefixes() if t.startswith(p)), None)
    if not hit:
        return []
    prefix, g = hit
    rest = t[len(prefix):]
    if len(_zh_core(rest)) < 2 or _LEADING_LEGAL.fullmatch(rest):
        return []  # 中国电子科技集团 + 有限公司 is the group itself
    note = (f"structure (group company: {prefix} = {g['en'][0]} ({g['acronym']}), defence_groups.yaml: "
            f"{g['source']}; + {rest}), glossary")
    rests = [translate_zh_names(rest), *zh_sense_readings(rest, limit=4, names=True)]
    return list(dict.fromkeys((f"{head} {r}", note) for r in rests if r for head in (g["acronym"], g["en"][0])))


# -- Russian ---------------------------------------------------------------------------------
_RU_LEGAL_LONG = [
    r"федеральное государственное бюджетное учреждение науки",
    r"федеральное государственное (?:бюджетное|автономное) образовательное учреждение высшего"
    r"(?: профессионального)? образования",
    r"федеральное государственное унитарное предприятие", r"федеральное государственное бюджетное учреждение",
    r"федеральное государственное учреждение", r"федеральное казенное предприятие",
    # ГУП РК: the Republic of Crimea's unitary enterprise, "State Unitary Enterprise of the Republic of
    # Crimea 'Crimean Ports'" (BIS), "State Enterprise Factory of Sparkling Wine Novy Svet" (BIS: no Crimea)
    r"государственное унитарное предприятие(?: республики крым)?", r"гуп\s+рк",
    # ГП, a Belarusian state enterprise: 'SOE Semiconductor Devices Factory' (ГП «Завод полупроводниковых
    # приборов», Минск, BIS), 'State Enterprise Universal-Avia' (BIS)
    r"государственное предприятие",
    r"(?:публичное|открытое|закрытое|непубличное) акционерное общество",
    r"акционерное общество", r"общество с ограниченной ответственностью", r"автономная некоммерческая организация",
]
_RU_LEGAL = re.compile(
    r"(?<![\w-])(?:" + "|".join(_RU_LEGAL_LONG) + r"|фгбун|фгбоу\s+впо|фгбоу\s+во|фгаоу\s+впо|фгаоу\s+во|фгбоу|фгаоу"
    r"|фгуп|фгбу|фгау|фау|фгу|фкп|гуп|гп|пао|оао|зао|нао|ао|ооо|ано)(?![\w-])", re.IGNORECASE)
_RU_RAS = re.compile(
    r"(?<![\w-])(?:(?:сибирского|уральского|дальневосточного)\s+отделения\s+)?(?:российской\s+академии\s+наук|ран)"
    r"(?![\w-])|(?<![\w-])(?:со|уро|дво)\s+ран(?![\w-])", re.IGNORECASE)
# the title before an eponym as names write it: "имени академика", "им. академ." (РФЯЦ – ВНИИТФ им. академ.
# Е.И. Забабахина), "имени академиков М.М. Шемякина и Ю.А. Овчинникова" (ИБХ РАН: a second eponym after
# "и" is taken out with the first), "имени Главного маршала авиации Б.П. Бугаева" (УИ ГА)
_RU_EPONYM = re.compile(
    r"(?<![\w-])(?:им\.|им\s|имени)\s*(?:(?:[Аа]кадемик(?:а|ов)|[Аа]кадем\.|[Пп]рофессора|[Гг]енерала"
    r"|(?:[Гг]лавного\s+)?[Мм]аршала(?:\s+авиации)?|[Аа]дмирала)\s*)?"
    r"((?:[А-ЯЁ]\.\s*){0,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)"
    r"(?:\s+и\s+(?:[А-ЯЁ]\.\s*){1,2}[А-ЯЁ][а-яё]+)?")
_RU_QUOTES = re.compile(r"[«»\"“”„‘’']")


# a surname in the genitive after the name it owns, without 'имени' ("Гражданские Самолеты Сухого",
# "ОКБ Яковлева"): a capitalised word with the genitive ending of a possessive (-ов/-ев/-ин/-ын) or an
# adjective-type surname (`nominative`)
_GENITIVE_SURNAME = re.compile(r"^[А-ЯЁ][а-яё]{2,}(?:(?:ов|ев|ёв|ин|ын)а|ого|его)$")


def genitive_eponym(base: str) -> tuple[str, str] | None:
    """(the rest, the surname in the nominative) when a Russian name ends in a person's surname in the
    genitive, as the owner of what the words before it name: "Гражданские Самолеты Сухого" ->
    ("Гражданские Самолеты", "Сухой"), "ОКБ Яковлева" -> ("ОКБ", "Яковлев"). Not when the word is one
    the glossary reads, a place's or a possessive adjective ("Завод Морского", "ОКБ Тульского"), or
    the name's only word."""
    from techties.screen.names import ru_word_known

    words = base.split()
    if len(words) < 2 or not _GENITIVE_SURNAME.match(words[-1]) or ru_word_known(words[-1]):
        return None
    return " ".join(words[:-1]), nominative(words[-1])


# The two families of Russian company form (Civil Code art. 87-104 as amended 2014: OAO/ZAO became
# PAO/AO, one family; OOO is another kind of legal entity): Cyrillic as queries write them
# (Belarusian ААТ/ЗАТ are its joint-stock forms), Latin as the lists transliterate or translate them.
_RU_FAMILY_CYR = (("llc", re.compile(r"(?<![\w-])(?:ооо|тов|общество\s+с\s+ограниченной\s+ответственностью)(?![\w-])",
                                     re.IGNORECASE)),
                  ("jsc", re.compile(r"(?<![\w-])(?:пао|оао|зао|нао|ао|аат|зат|акционерное\s+общество)(?![\w-])",
                                     re.IGNORECASE)))
_RU_FAMILY_LAT = (("llc", re.compile(r"\b(?:ooo|llc|ltd|limited\s+liability|ogranichenn\w*)\b", re.IGNORECASE)),
                  ("jsc", re.compile(r"\b(?:pao|oao|zao|nao|ao|jsc|pjsc|ojsc|cjsc|joint[\s-]+stock"
                                     r"|a[kc]tsi?onern\w*)\b", re.IGNORECASE)))


def ru_company_family(text: str) -> str | None:
    """The family of company form a Russian name states ("ООО «Аэрокон»" -> "llc", "ПАО «Сигнал»" ->
    "jsc"); None when it states none or both (a branch of a PAO named with its parent)."""
    fams = {f for f, rx in _RU_FAMILY_CYR if rx.search(text)}
    return next(iter(fams)) if len(fams) == 1 else None


def latin_company_families(names: Iterable[str]) -> frozenset[str]:
    """The families of company form a list entry's names state (all of them: an entry listed as
    both 'OOO X' and 'JSC X' conflicts with neither)."""
    return frozenset(f for n in names for f, rx in _RU_FAMILY_LAT if rx.search(n))


def fold_ru(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return re.sub(r"[\s\"'«»“”„‘’.()\-,]+", "", t)


def nominative(surname: str) -> str:
    """A surname after 'имени' is in the genitive: Лебедева -> Лебедев, Грушина -> Грушин, Минца ->
    Минц (a surname ending in a consonant), Мухиной -> Мухина, Ковалевской -> Ковалевская. An
    adjective-type surname declines as an adjective: -ского/-цкого from -ский/-цкий, other -ого from
    the stressed -ой of the surnames that keep that ending (Сухого -> Сухой, Толстого -> Толстой;
    -ый/-ий surnames read as -ой differ in one letter only), -его from -ий (Крайнего -> Крайний)."""
    for gen, nom in (("ского", "ский"), ("цкого", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ёва", "ёв"),
                     ("ина", "ин"), ("ына", "ын"), ("ской", "ская"), ("овой", "ова"), ("евой", "ева"),
                     ("иной", "ина"), ("ого", "ой"), ("его", "ий")):
        if surname.endswith(gen):
            return surname[: -len(gen)] + nom
    if re.search(r"[бвгджзклмнпрстфхцчшщ]а$", surname):
        return surname[:-1]
    return surname


def bgn(text: str) -> str:
    """BGN/PCGN romanisation (as the US lists write Russian names), ASCII; without the optional
    separator dot ("Rosoboron·eksport"), which the lists never write."""
    return bgn_word(text).replace("'", "")


def gost(text: str) -> str:
    """GOST 7.79 (system B) romanisation, ASCII."""
    return unidecode(iuliia.GOST_779_ALT.translate(text)).replace("`", "")


class RuParse(msgspec.Struct, frozen=True):
    base: str
    legal: tuple[str, ...]
    ras: bool
    eponym: str | None
    aside: tuple[str, ...] = ()  # parenthesised parts left out ("(государственный университет)")


def parse_ru(text: str) -> RuParse:
    """Legal forms, the Russian Academy of Sciences and an eponym taken out of a Russian name."""
    from techties.screen.names import fix_typing_ru

    t = _RU_QUOTES.sub(" ", fix_typing_ru(unicodedata.normalize("NFKC", text)))
    aside = tuple(x.strip() for x in re.findall(r"\(([^()]*)\)", t))
    t = re.sub(r"\s*\([^()]*\)", " ", t)  # "(АО «УПЗ»)": the name again, abbreviated
    legal = tuple(m.group(0) for m in _RU_LEGAL.finditer(t))
    t = _RU_LEGAL.sub(" ", t)
    ras = bool(_RU_RAS.search(t))
    t = _RU_RAS.sub(" ", t)
    m = _RU_EPONYM.search(t)
    eponym = None
    if m:
        surname = re.split(r"[.\s]+", m.group(1))[-1]
        eponym = m.group(1)[: len(m.group(1)) - len(surname)] + nominative(surname)
        t = t[: m.start()] + " " + t[m.end():]
    base = " ".join(re.sub(r"\s*,\s*", ", ", t).strip(" ,.-").split())
    return RuParse(base=base, legal=legal, ras=ras, eponym=eponym, aside=aside)


_SHORTER = ((re.compile(r"\bscientific research\b"), "research"),
            (re.compile(r"\bscientific production\b"), "research and production"),
            (re.compile(r"\b(engine|instrument) (?:building|making)\b"), r"\1"))


def shorter_english(en: str) -> str:
    """The English the lists often use for the same words: "научно-исследовательский институт" is
    "Research Institute" and "научно-производственное объединение" "Research and Production
    Association" as often as the word-by-word "scientific research" / "scientific production"."""
    for pattern, repl in _SHORTER:
        en = pattern.sub(repl, en)
    return en


_RU_ABBR = [(re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE), abbr) for words, abbr in (
    (r"центральн\w+\s+научно-исследовательск\w+\s+институт\w*", "ЦНИИ"),
    (r"научно-исследовательск\w+\s+институт\w*", "НИИ"),
    (r"научно-производственн\w+\s+объединени\w+", "НПО"),
    (r"научно-производственн\w+\s+предприяти\w+", "НПП"),
    (r"научно-производственн\w+\s+комплекс\w*", "НПК"),
    (r"научно-производственн\w+\s+центр\w*", "НПЦ"),
    (r"научно-технически\w+\s+центр\w*", "НТЦ"),
    (r"опытно-конструкторск\w+\s+бюро", "ОКБ"),
    (r"особ\w+\s+конструкторск\w+\s+бюро", "ОКБ"),
    (r"центральн\w+\s+конструкторск\w+\s+бюро", "ЦКБ"),
    (r"конструкторск\w+\s+бюро", "КБ"),
    (r"торгов\w+\s+дом\w*", "ТД"),
)]


_RU_RF = re.compile(r"(?<![\w-])(?:российской\s+федерации|рф)(?![\w-])", re.IGNORECASE)
# the ministry or staff a state body belongs to, named after it in the genitive; the lists often name
# the body alone: 'Main Directorate of Deep-Sea Research' (Главное управление глубоководных исследований
# Министерства обороны Российской Федерации), 'Main Intelligence Directorate' (Главное разведывательное
# управление Генерального штаба Вооружённых сил Российской Федерации)
_RU_OWNER = re.compile(r"(?<=\w)\s+(?:министерства\s+обороны|минобороны|генерального\s+штаба"
                       r"(?:\s+вооруж[её]нных\s+сил)?)(?:\s+(?:российской\s+федерации|рф|россии))?(?=\s*(?:,|$))",
                       re.IGNORECASE)


def abbreviate_ru(text: str) -> str:
    """Organisational words as the Russian abbreviations the lists keep in their English names
    ("Научно-Производственное Предприятие «Исток»" -> "НПП Исток", listed as "NPP Istok")."""
    for pattern, abbr in _RU_ABBR:
        text = pattern.sub(abbr, text)
    return text


# the method of a reading with loanwords spelt back in English: tried only when no other reading hits
LOANWORDS = "loanwords read back"
# the method of a reading with "Russian" added: the query leaves the country out (tried as `shorter`)
RU_COUNTRY_LEFT_OUT = "left out by the query, the script says it"


def ru_readings(text: str, cores: bool = True) -> list[tuple[str, str]]:
    """English readings of a Russian name: ROR's English name where it has this name, then the
    structure (legal form, RAS, eponym taken out) translated and transliterated. Quotes are read first
    (`ru_quotes`): a list's Cyrillic name typed with ASCII quotes reads as a query's does."""
    from techties.screen.names import translate_ru

    text = ru_quotes(text)
    out: list[tuple[str, str]] = []
    for org in _visible(known_ru().get(fold_ru(text), ())):
        out += [(en, f"name-table ({org.source})") for en in org.en]
    branch = split_branch(text)
    if branch:  # "Лыткаринский Машиностроительный Завод – Филиал ПАО «ОДК-УМПО»": the plant, not its parent
        note = f"structure (branch of {branch[1]} set aside), "
        own = [(en, note + m) for en, m in ru_readings(branch[0], cores)]
        en = translate_ru(branch[0])
        return out + [(en, note + "glossary"), *[(v, f"{note}glossary, {w}") for v, w in phrase_variants(en)], *own]
    head = genitive_parent(text)
    if head:  # "Институт Физики Высоких Энергий … Национального Исследовательского Центра «Курчатовский
        # Институт»": the institute, its parent set aside
        note = f"structure (parent {head[1]} set aside), "
        out += [(en, note + m.removeprefix("structure (")) for en, m in ru_readings(head[0], cores=False)]
    p = parse_ru(text)
    if not p.base:
        return out
    parts = [f"legal form {', '.join(p.legal)}"] if p.legal else []
    parts += ["Russian Academy of Sciences"] if p.ras else []
    parts += [f"eponym {p.eponym} -> {bgn(p.eponym)}"] if p.eponym else []
    parts += [f"set aside ({'; '.join(p.aside)})"] if p.aside else []
    note = f"structure ({'; '.join(parts)}), " if parts else ""
    ep = f" {bgn(p.eponym)}" if p.eponym else ""
    ras = " Russian Academy of Sciences" if p.ras else ""
    if parts:
        en = translate_ru(p.base)
        out += [(f"{en}{ep}{ras}", f"{note}glossary"), (f"{en}{ep}", f"{note}glossary")]
        short = shorter_english(en)
        if short != en:
            out.append((f"{short}{ep}", f"{note}glossary, shorter English"))
        if ep:  # the lists often leave the eponym out: "АО «НПП «Исток» им. Шокина»" is "NPP Istok"
            out += [(short, f"{note}glossary, eponym left out"), (bgn(p.base), f"{note}BGN/PCGN, eponym left out")]
    no_rf = " ".join(_RU_RF.sub(" ", p.base).split())
    if no_rf != p.base and no_rf:
        out.append((translate_ru(no_rf), f"{note}glossary, 'Российской Федерации' left out"))
    no_owner = _RU_OWNER.sub("", p.base)
    if no_owner != p.base and no_owner.strip():  # tried with the whole name: a city after it may name the unit
        out.append((translate_ru(no_owner), f"{note}glossary, owner ministry set aside"))
    out += [(f"{bgn(p.base)}{ep}", f"{note}BGN/PCGN"), (f"{gost(p.base)}{ep}", f"{note}GOST 7.79")]
    loan = translate_ru(p.base, loan=True)
    if loan != translate_ru(p.base):  # "АО «Росэлектроника»" is "Ruselectronics JSC"
        out.append((f"{loan}{ep}", f"{note}glossary, {LOANWORDS}"))
    abbr = abbreviate_ru(p.base)
    if abbr != p.base:
        out.append((bgn(abbr), f"{note}abbreviated, BGN/PCGN"))
    if not parts:  # no structure taken out: the shorter English of the plain glossary reading
        en = translate_ru(p.base)
        if shorter_english(en) != en:
            out.append((shorter_english(en), "glossary, shorter English"))
    gen = None if p.eponym else genitive_eponym(p.base)
    if gen:  # "Гражданские Самолеты Сухого" is "Sukhoi Civil Aircraft": the owner's surname as the lists write it
        rest, surname = gen
        gnote = f"structure ({'; '.join([*parts, f'eponym in the genitive -> {bgn(surname)}'])}), "
        en = translate_ru(rest)
        out.append((f"{en} {bgn(surname)}", f"{gnote}glossary"))
        if shorter_english(en) != en:
            out.append((f"{shorter_english(en)} {bgn(surname)}", f"{gnote}glossary, shorter English"))
        out.append((f"{bgn(rest)} {bgn(surname)}", f"{gnote}BGN/PCGN"))
    inner = [m.group(1) for m in QUOTED_RU.finditer(text)]
    if inner and any(fold_ru(c) != fold_ru(p.base) for c in inner):
        # the organisational words translated, the name in quotes as written: "Судостроительный
        # Завод «Северная Верфь»" is "Shipbuilding Plant Severnaya Verf"
        mixed = parse_ru(QUOTED_RU.sub(lambda m: f" {bgn(m.group(1))} ", text))
        out.append((f"{translate_ru(mixed.base)}{ep}", f"{note}glossary, quoted name transliterated"))
    out += [(v, f"{m}, {what}") for en, m in out if "glossary" in m for v, what in phrase_variants(en)]
    en = translate_ru(p.base)
    if not re.search(r"\b(?:russian|rossi\w*)\b", en, re.IGNORECASE) and not _has_cyrillic(en):
        # the script says the country; the list's English adds it: "Воздушно-космические силы" is listed
        # as "Russian Aerospace Forces" (a reading tried only when no other hits: see match._screen_form)
        out.append((f"Russian {en}", f"{note}glossary, 'Russian' {RU_COUNTRY_LEFT_OUT}"))
    if cores:
        # the quoted names of the unit only: a parent's («Курчатовский Институт») names the parent
        out += core_readings(head[0], parse_ru(head[0])) if head else core_readings(text, p)
    return list(dict.fromkeys(x for x in out if x[0].strip()))


# Initials that name a kind of organisation or a legal form, not one organisation ("НИИ", "ОКБ",
# "ГНЦ" state scientific centre, "МО" Ministry of Defence, "ГК" группа компаний or государственная корпорация:
# 'Ardis Group of Companies LLC', 'Rostec (Russian Technologies State Corporation)'); the kinds' own initials
# (КБ, ГСКБ, СКТБ, НИИ, НПО, НПП, ТРК…) are those of the one kind table, kinds_ru.KINDS: no acronym of a name
RU_KIND_INITIALS = frozenset("ао оао пао зао нао ооо аат зат ран рф мо со уро дво нпк нпц нтц "
                              "тд во гнц ниц нииц фнц рнц фгуп фгбу фгбун фгау фау фгу фкп гуп ано гк "
                              "рсфср ссср".split()) | frozenset(i for k in KINDS for i in k.initials)


@cache
def ru_kind_initials() -> frozenset[str]:
    """`RU_KIND_INITIALS` as the lists write them, tokens: "skb", "okb", "nii", "tsnii", "npo"…"""
    from techties.screen.names import tokens

    return frozenset(t for w in RU_KIND_INITIALS for sp in acronym_spellings(w.upper())[:2] for t in tokens(sp))


# not the group prefix of a hyphenated name ("ОДК-Сервис", "ОДК-Климов": ОДК is the engine group)
_RU_ACRONYM = re.compile(r"(?<![\w-])[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ][А-ЯЁа-яё]*(?![\w-])")
# The letters the romanisations the lists meet write otherwise (BGN/PCGN, GOST 7.79, ISO 9 / scientific,
# ICAO Doc 9303, Wikipedia); every other letter is spelt as BGN/PCGN spells it
_RU_LETTER_VARIANTS = {"ц": ("ts", "c", "tz"), "х": ("kh", "h"), "ж": ("zh", "j"), "щ": ("shch", "sch"),
                       "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia"), "э": ("e",), "ё": ("e", "yo"),
                       "ъ": ("",), "ь": ("",)}


# adjective endings; "-ие" only after к/г/х and the hushing letters ("технические"): "отделение",
# "объединение", "предприятие" are nouns
_RU_ADJ_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*"
                          r"(?:ый|ий|ой|ая|яя|ое|ее|ые|[кгхжшщч]ие|ого|его|ому|ему|ым|им|ых|их|ую|юю)")


def ru_adjectives_only(text: str) -> bool:
    """True for a Russian phrase of adjectives alone ("Научно-исследовательский", "проектно-
    конструкторский и технологический"), a segment of a name cut at its commas: it names nothing."""
    words = re.findall(r"[а-яёА-ЯЁ]+(?:-[а-яёА-ЯЁ]+)*", text)
    if not words or re.search(r"[A-Za-z0-9]", text):
        return False
    return all(w.lower() in ("и", "или") or _RU_ADJ_WORD.fullmatch(w.lower()) for w in words)


# English spellings folded to the letters a Russian transliteration writes for the same sounds
_COGNATE = (("ph", "f"), ("th", "t"), ("qu", "kv"), ("ck", "k"), ("c", "k"), ("x", "ks"), ("w", "v"), ("y", "i"),
            ("z", "s"), ("kh", "h"))
COGNATE_PREFIX = 5
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)  # pure, and called per query word and alias word (`Matcher.respell_ru`)
def cognate_key(word: str) -> str:
    """A word as its sounds, for a Latin loanword and its Russian transliteration: "composite" and
    "kompozitsionnykh" -> "komposite" / "kompositsionnikh", "quantum" / "kvantovoy" -> "kvantum" /
    "kvantovoi"; doubled letters count once."""
    w = word.lower()
    for a, b in _COGNATE:
        w = w.replace(a, b)
    return _DOUBLED.sub(r"\1", w)


@lru_cache(maxsize=500_000)  # pure: `Matcher.respell_ru` asks it per alias word of every candidate
def cognate(ru_word: str, en_word: str) -> bool:
    """A transliterated Russian word and an English word of one Latin root: their `cognate_key`s
    share the first COGNATE_PREFIX letters or more, and so do both words' first letters (kvant-
    / quant-, kompozit- / composit-), six tenths of the shorter key, itself seven letters or more. Used
    only for words the glossary leaves transliterated; whether the whole name matches is left to
    the score ("komplekt" / "complex" pair here too). A shared part that ends at the joining "o" of a
    compound, the Russian word going on with another root, is that first element alone
    ("elektromashina" / "electronic", "radiofizika" / "radiolocation")."""
    a, b = cognate_key(ru_word), cognate_key(en_word)
    if min(len(a), len(b)) < 7:  # "Ростест" is not "Rostec"
        return False
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    if a[n - 1:n] == "o" and len(a) - n >= 4 and n < len(b):
        return False  # only a compound's first element: "elektro|mashina" is no "electronic"
    return n >= COGNATE_PREFIX and n >= 0.6 * min(len(a), len(b))


def cognate_prefix(word: str) -> str:
    """The first COGNATE_PREFIX letters of a word's `cognate_key`: two words that differ in it are
    never `cognate`s (an index key for candidates)."""
    return cognate_key(word)[:COGNATE_PREFIX]


def ru_acronyms(text: str) -> list[str]:
    """The acronyms a Russian name gives of itself, three letters or more, mostly capitals ("(ОАО
    «ВКБР»)" -> ВКБР, "ГосНИИАС", "ЦНИИмаш"), without the initials of kinds of organisation and legal
    forms (`RU_KIND_INITIALS`)."""
    out = []
    for m in _RU_ACRONYM.finditer(unicodedata.normalize("NFKC", text)):
        w = m.group(0)
        caps = sum(ch.isupper() for ch in w)
        if len(w) >= 3 and caps >= max(2, len(w) // 2) and w.lower() not in RU_KIND_INITIALS and w not in out:
            out.append(w)
    return out


_RU_SMALL_WORDS = frozenset("и в во по с со на для при из к о об от".split())  # no initial in an acronym


def ru_initials(text: str) -> str | None:
    """The initials of a Russian name that gives no acronym of its own, its legal form aside, each
    part of a hyphenated word counted ("Арсеньевская Авиационная Компания" -> ААК, which the lists
    write in "AO AAK Progress"); None for fewer than three or more than six words, a word not in
    Cyrillic letters (a number, a Latin name: its initials are no acronym anyone writes), or a name
    that gives its short form in parentheses ("(АО «ЦКБ «Айсберг»)": it has said how it is cut)."""
    parsed = parse_ru(text)
    if ru_acronyms(text) or parsed.aside:
        return None
    words = [w for w in re.split(r"[\s-]+", parsed.base.replace(",", " ")) if w]
    words = [w for w in words if w.lower() not in _RU_SMALL_WORDS]
    if not 3 <= len(words) <= 6 or not all(re.fullmatch(r"[А-ЯЁа-яё]+", w) for w in words):
        return None
    return "".join(w[0] for w in words).upper()


def acronym_spellings(acronym: str, limit: int = 16) -> list[str]:
    """An acronym letter by letter in the romanisations of `_RU_LETTER_VARIANTS`, lower case
    ("ДЦСС" -> dtsss, dcss, dtzss; "ВКБР" -> vkbr), at most `limit` spellings."""
    outs = [""]
    for ch in acronym.lower():
        opts = _RU_LETTER_VARIANTS.get(ch) or (bgn(ch).lower(),)
        outs = [o + x for o in outs for x in opts][:limit]
    return list(dict.fromkeys(o for o in outs if o))


# the parent of a unit, in the genitive after the unit's own name: "… Национального Исследовательского
# Центра «Курчатовский Институт»", "… Государственной Корпорации «Ростех»" (the Academy of Sciences is
# read by `parse_ru`)
_RU_GENITIVE_PARENT = re.compile(
    r"\s(?:[А-ЯЁа-яё-]+(?:ого|его|ой|ей)\s+)*(?:Центра|Института|Университета|Корпорации|Концерна|Объединения|Холдинга)"
    r"(?![\w-]).*$", re.IGNORECASE)


def genitive_parent(text: str) -> tuple[str, str] | None:
    """(the unit's own name, its parent) for a Russian name that ends with its parent in the genitive
    and gives the parent a name in quotes; None otherwise."""
    t = re.sub(r"\s*\([^()]*\)\s*$", "", unicodedata.normalize("NFKC", text)).strip()
    m = _RU_GENITIVE_PARENT.search(t)
    if not m or not re.search(r"[«“„\"']", m.group(0)):
        return None
    own = t[: m.start()].strip(" ,")
    if len(own.split()) < 2 or _RU_LEGAL.fullmatch(own):
        return None
    return own, m.group(0).strip()


def phrase_variants(en: str) -> list[tuple[str, str]]:
    """A glossary reading with the other English the lists use for a phrase of it (glossary_ru.yaml
    `phrases`): "Leningrad shipbuilding plant Pella" is also "Leningrad shipyard Pella"."""
    from techties.screen.names import ru_phrases

    low = en.lower()
    return [(re.sub(rf"\b{re.escape(a)}\b", b, low), f"'{a}' as '{b}' (glossary_ru)")
            for a, bs in ru_phrases().items() if re.search(rf"\b{re.escape(a)}\b", low) for b in bs]


_RU_DASH = re.compile(r"\s+[-–—]\s+")
_RU_BRANCH = re.compile(r"^(?:головной\s+)?филиал\w*\s*", re.IGNORECASE)


def split_branch(text: str) -> tuple[str, str] | None:
    """A branch written with its parent ("X – Филиал ПАО «Y»", "Филиал ПАО «Y» - X", "Филиал «X» –
    АО «Y»"): (the branch's own name, the parent's part); None when the name has no such parts. A
    part that starts with "Филиал" and a quote is the branch's name, with a legal form or genitive
    its parent."""
    t = re.sub(r"\s*\([^()]*\)\s*$", "", unicodedata.normalize("NFKC", text)).strip()
    if _RU_BRANCH.match(t) and not _RU_DASH.search(t):
        t = _branch_dash(t)
    parts = _RU_DASH.split(t)
    if len(parts) < 2 or not any(_RU_BRANCH.match(x) for x in parts):
        return None
    named = [x for x in parts if (m := _RU_BRANCH.match(x)) and x[m.end():m.end() + 1] in _RU_OPEN]
    if named:  # "Филиал «Судоремонтный Завод «Нерпа» – АО «Центр Судоремонта «Звёздочка»»"
        own = [_RU_BRANCH.sub("", named[0])]
        parent = [x for x in parts if x != named[0]]
    else:
        parent = [x for x in parts if _RU_BRANCH.match(x)]
        own = [x for x in parts if not _RU_BRANCH.match(x)]
    if not own or not parent:
        return None
    return " ".join(own).strip(), " ".join(parent)


# a branch written without the dash: its parent's legal form after a closing quote ("Головной филиал
# «НПО «Винт» Акционерное Общество «ЦС «Звездочка»"), or its own quoted name after its parent's
# ("Филиал АО «ОДК-Сервис» «Арамиль»")
_RU_PARENT_AFTER = re.compile(r"(?<=[»”\"'’])\s+(?=" + _RU_LEGAL.pattern + r"\s*[«“„\"'‘])", re.IGNORECASE)
_RU_OWN_AFTER = re.compile(r"^(филиал\w*\s+" + _RU_LEGAL.pattern + r"\s*[«“„\"'‘].*[»”\"'’])"
                           r"\s+([«“„\"'‘][^«“„]+[»”\"'’])$", re.IGNORECASE)


def _branch_dash(t: str) -> str:
    """A branch name written without the dash between branch and parent, with the dash put in."""
    if m := _RU_OWN_AFTER.match(t):
        return f"{m.group(1)} – {m.group(2)}"
    return _RU_PARENT_AFTER.sub(" – ", t, count=1)


_RU_OPEN = "«“„\"'‘"
# Quote marks a Russian name is written with, by what decides their role: « „ ‚ ‹ always open, » ›
# always close; the straight and curly ones (" “ ” ‘ ’ ' and the accents typed for them) open or close
# by their neighbours, as Russian typography sets them (a mark after a space or an opener and before a
# word opens, one after a word or a closer and before a space, punctuation or the end closes). Typed
# look-alikes of « » „ (<< >> ,,) and of " ('' `` ″) are read as the marks they stand for.
_Q_OPENS, _Q_CLOSES, _Q_EITHER = "«„‚‹", "»›", "\"“”‘’'`´"
_Q_SINGLE = "‘’'`´"  # between two letters an apostrophe ("Д’Артаньян"), not a quote
_Q_LOOKALIKE = ((re.compile(r"<<"), "«"), (re.compile(r">>"), "»"), (re.compile(r"(?<![^\s(]),,(?=\w)"), "„"),
                (re.compile(r"''|``|″|′′"), '"'))
_Q_AFTER_OPEN = "([{/"  # an opener may follow these ("(АО "ВМЗ")")
_Q_BEFORE_CLOSE = ",.;:)]}!?/"  # a closer may be followed by these ("АО "ВМЗ", Москва")


def _quote_side(ch: str | None, before: bool) -> str:
    """What the character on one side of a quote mark says of it: "open", "close", "quote" (another
    mark: the other side decides) or "" (nothing: a space on both sides, a word on both sides)."""
    if ch is None or ch.isspace():
        return "open" if before else "close"
    if ch in _Q_OPENS + _Q_CLOSES + _Q_EITHER:
        return "quote"
    if before:
        return "open" if ch in _Q_AFTER_OPEN else "close"
    return "close" if ch in _Q_BEFORE_CLOSE else "open"


def ru_quote_roles(text: str) -> list[tuple[int, str]]:
    """(index, "open" | "close") of each quote mark of `text` read as Russian typography sets it, left
    to right: ASCII "A "B" reads as «A «B». A mark the neighbours leave undecided (a space or a word on
    both sides) opens when enough marks follow to close it and those already open, else closes; a
    single mark between two letters is an apostrophe and left out."""
    marks = [i for i, ch in enumerate(text) if ch in _Q_OPENS + _Q_CLOSES + _Q_EITHER]
    roles: list[tuple[int, str]] = []
    depth = 0
    for n, i in enumerate(marks):
        ch = text[i]
        prev = roles[-1][1] if roles and roles[-1][0] == i - 1 else None  # a mark just before decides
        left = prev or _quote_side(text[i - 1] if i else None, before=True)
        right = _quote_side(text[i + 1] if i + 1 < len(text) else None, before=False)
        if ch in _Q_OPENS or ch in _Q_CLOSES:
            role = "open" if ch in _Q_OPENS else "close"
        elif left == "quote":
            role = right if right != "quote" else ""
        else:
            role = left if right in ("quote", left) else ""
        if not role:  # a space both sides, a word both sides
            if ch in _Q_SINGLE and text[i - 1:i].isalnum() and text[i + 1:i + 2].isalnum():
                continue
            role = "open" if len(marks) - n - 1 >= depth + 1 else "close"
        depth = depth + 1 if role == "open" else max(depth - 1, 0)
        roles.append((i, role))
    return roles


def ru_quotes(text: str) -> str:
    """`text` with its quote marks rewritten as « and » by `ru_quote_roles` (the look-alikes first),
    so that a name typed with ASCII or mixed quotes reads as the lists' «…» spelling of it:
    'АО "Концерн ВКО "Алмаз-Антей"' -> 'АО «Концерн ВКО «Алмаз-Антей»'. Nothing else changes, and an
    unbalanced name keeps every word."""
    for rx, mark in _Q_LOOKALIKE:
        text = rx.sub(mark, text)
    chars = list(text)
    for i, role in ru_quote_roles(text):
        chars[i] = "«" if role == "open" else "»"
    return "".join(chars)


# an innermost quoted name inside a Russian one, after `ru_quotes` has written every quote mark the lists and
# registries use («…», “…”, ‘…’, "…", nested or collapsed) as « or »; an apostrophe ("Кам'янець") is left as
# it is and is no quote
QUOTED_RU = re.compile(r"«\s*([^«»]+?)\s*»")


def quoted_cores(text: str) -> list[str]:
    """The names in quotes of a Russian name, innermost first: «…» is the proper name the lists keep
    when they translate or drop the rest ("АО «НПК «Техмаш»»" -> "Техмаш", "НПК Техмаш"). Parenthesised
    repeats are left to `aside_names`."""
    t = re.sub(r"\s*\([^()]*\)", " ", ru_quotes(unicodedata.normalize("NFKC", text)))
    inner = [m.group(1) for m in QUOTED_RU.finditer(t)]
    first = t.find("«") if "«" in t else None
    outer = [re.sub("[«»]", " ", t[first + 1:])] if first is not None else []
    out = []
    for c in [*inner, *outer]:
        c = " ".join(_RU_LEGAL.sub(" ", c).split()).strip(" ,.-–—")
        if c and _has_cyrillic(c) and c not in out:
            out.append(c)
    return out


def _has_cyrillic(text: str) -> bool:
    return bool(re.search(r"[\u0400-\u04ff]", text))


def aside_names(p: RuParse) -> list[str]:
    """The parenthesised short names of a Russian name without their legal forms ("(ФГУП «ВНИИА»)" ->
    "ВНИИА"): the acronym or short name the lists often write."""
    out = []
    for a in p.aside:
        c = " ".join(_RU_LEGAL.sub(" ", _RU_QUOTES.sub(" ", a)).split()).strip(" ,.-–—")
        if re.fullmatch(r"[А-ЯЁA-Z0-9]{1,4}", c):  # "(АО «ГСС»)": three letters name many companies
            continue
        if c and _has_cyrillic(c) and c not in out:
            out.append(c)
    return out


_RU_SPACED_DASH = re.compile(r"\s+[–—-]\s+")


def _dash_names(core: str) -> list[str]:
    """The two names of a quoted name joined by a spaced dash, when either has two words or more."""
    sides = [x.strip() for x in _RU_SPACED_DASH.split(core) if x.strip()]
    return sides if len(sides) == 2 and max(len(x.split()) for x in sides) >= 2 else []


# The kinds of unit a Russian name states beside its quoted name (kinds_ru.KINDS, read as stems and capitals
# by kinds_ru.unit_kinds_left: ГСКБ, ОКБ, ЦНИИ, ГНПП, институт, завод) and the words of a group
# (kinds_ru.ru_says_group, names_state_group), whose units carry its name in quotes ("АО «ГСКБ «Алмаз-Антей»" is
# the concern's head system design bureau: BIS lists "Almaz-Antey Air Defense Concern Main System Design Bureau,
# JSC" beside "Joint-Stock Company Concern Almaz-Antey"). No "branch": a филиал has no legal personality of its
# own, the entry of its company covers it.
_CORE_METHOD = re.compile(r"^structure \(quoted core(?: part)? «([^»]*)»" + re.escape(CORE_LEFT_OUT))


def core_kind_conflict(text: str, method: str, names: Iterable[str]) -> str | None:
    """The kind of unit ("design bureau") that the words a quoted-core reading (`method`) left out of
    `text` state, when the entry's `names` state a group (concern, corporation, holding) and not that
    kind, and `text` states no group: "АО «ГСКБ «Алмаз-Антей»" read by «Алмаз-Антей» names a unit of
    'Joint-Stock Company Concern Almaz-Antey', not the concern. None when they agree or say nothing."""
    from techties.screen.kinds_ru import names_state_group, names_state_kind, ru_says_group, unit_kinds_left

    m = _CORE_METHOD.match(method)
    if not m or ru_says_group(text):
        return None
    core = {fold_ru(w) for w in m.group(1).split()}
    left = " ".join(w for w in parse_ru(ru_quotes(text)).base.split() if fold_ru(w) not in core)
    kinds = unit_kinds_left(left)
    said = " ".join(names)
    if not kinds or not names_state_group(said) or any(names_state_kind(k, said) for _, k in kinds):
        return None
    return f"{kinds[0][0]} ({kinds[0][1]})"


def core_place_left_out(text: str, method: str, names: Iterable[str]) -> str | None:
    """The place that a word the quoted-core reading (`method`) left out of `text` names by its adjective,
    when none of the entry's `names` writes that place: "Воронежский научно-исследовательский институт
    «Вега»" read by «Вега» is a namesake of another town, no unit of the Moscow 'Vega Radio Engineering
    Corporation' (a unit of a group named after it states the group's town or none). None when the reading
    left no place adjective out, or a name writes the place (`names_write_place`)."""
    from techties.screen.places_ru import place_of_adjective

    m = _CORE_METHOD.match(method)
    if not m:
        return None
    core = {fold_ru(w) for w in m.group(1).split()}
    names = tuple(names)
    for w in parse_ru(ru_quotes(text)).base.split():
        place = place_of_adjective(w) if fold_ru(w) not in core else None
        if place and not names_write_place(place, w, names):
            return place
    return None


def names_write_place(place: str, adjective: str, names: Iterable[str]) -> bool:
    """Some name writes the place, by its English name or by the Russian adjective romanised, word for word
    as `match.same_word` reads words: 'AO Moskovskiy Kontsern Vega' writes Moscow, "Sankt-Peterburg" Saint
    Petersburg's «Санкт-Петербургский», "Ekaterinburg" Yekaterinburg; "Tulachermet" is no Tula."""
    from techties.screen.match import place_key, same_word

    keys = [w for w in (*place_key(place).split(), *place_key(bgn(adjective)).split()) if len(w) >= 4]
    said = {w for n in names for w in place_key(n).split() if len(w) >= 4}
    return any(same_word(k, w) for k in keys for w in said)


def core_readings(text: str, p: RuParse) -> list[tuple[str, str]]:
    """Readings of the quoted core names and of the parenthesised short names, marked 'left out': the
    matcher tries them only when no reading of the whole name hits."""
    from techties.screen.names import translate_ru

    out: list[tuple[str, str]] = []
    cores = quoted_cores(text)
    # a quoted name of two names joined by a spaced dash: either may be the one the lists write
    # ("Аэрофлот – российские авиалинии" is 'PJSC AEROFLOT'; "Научно-исследовательский институт природных
    # газов и газовых технологий – Газпром ВНИИГАЗ" is 'Gazprom Vniigaz, OOO'); one word each side is one
    # name ("Алмаз – Антей" is 'Almaz-Antey', not 'Almaz JSC')
    parts = [x.strip() for c in cores for x in _dash_names(c)]
    for what, names in (("quoted core", cores), ("quoted core part", parts), ("short name", aside_names(p))):
        for c in names:
            if fold_ru(c) == fold_ru(p.base):
                continue
            note = f"structure ({what} «{c}»{CORE_LEFT_OUT}"
            inner = ru_readings(c, cores=False) or [(bgn(c), "BGN/PCGN")]
            out += [(en, f"{note}, {m.removeprefix('structure (').split('), ')[-1]}") for en, m in inner]
            out.append((translate_ru(c), f"{note}, glossary"))
    return out


def structural_features(country: str, **extra: object) -> dict[str, object]:
    """The features of a hit read from a name's structure alone (a short name, the distinctive parts, an
    eponym or a kind with a quoted core): the keys `match.Matcher.compare` fills, none of them measured,
    so explanations and JSON output read every hit alike. `extra` adds or overrides (the evidence, the
    tokens that did match)."""
    return {"numbers_conflict": False, "verbatim": False, "exact_form": False, "qualifier_not_in_query": "",
            "legal_form_differs": [], "generic_alias": False, "token_overlap": 0.0, "fuzzy_ratio": 0.0,
            "country": country, "weak_alias": False, "matched_tokens": [], "extra_query_tokens": [],
            "campus_tokens": [], "missing_alias_tokens": [], "level": "unit", "query_tokens": [], **extra}
