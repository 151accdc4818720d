"""Name normalisation for screening: English, Chinese and Russian spellings to comparable tokens.

Steps, each a small function so a hit can say which one fired:
- `english_variants`: a query in Chinese or Cyrillic script becomes English candidates, first
  through the curated bilingual name table (data/names_bilingual.yaml), then word by word through
  the glossary (data/glossary.yaml), then by plain transliteration (pinyin / unidecode);
- `tokens`: case, punctuation, legal forms, Web of Science abbreviations (Univ, Inst, Technol,
  Acad Sci…), spelling variants, then a short stem so "Polytech", "Polytechnic" and
  "Polytechnical" agree;
- `split_affiliation`: an affiliation string ("Harbin Inst Technol, Sch Comp Sci, Harbin,
  Peoples R China.") becomes organisation segments and a country.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import yaml
import zhconv
from pypinyin import lazy_pinyin
from unidecode import unidecode

from techties.screen.lists import country_code
from techties.screen.places_ru import belarus_place, place_of_adjective, places
from techties.screen.structure import (
    ru_readings,
    zh_company_readings,
    zh_group_company_readings,
    zh_institution_head,
    zh_readings,
)
from techties.screen.translit import bgn_word

# legal-form words as the lists write them in Latin letters (match.legal_words, twins.fold)
LEGAL_WORDS = frozenset("co ltd corp inc llc jsc pjsc ojsc cjsc oao zao ooo ao pao gmbh plc sa srl ag bv nv llp lp pte "
                        "sdn bhd kk spa sarl ua fze fzco fzc fzllc".split())
STEM = 6  # letters kept per token: technol/technology/technological -> "techno"
STEM_MAX_WORD = 13
TECHNOLOGICAL = "tecuni"  # the token of "technology/technological" right before "university"

# Web of Science / Scopus abbreviations and spelling variants -> one English word.
ABBREVIATIONS: dict[str, str] = {
    "univ": "university", "uni": "university", "inst": "institute", "institut": "institute",
    "technol": "technology", "tech": "technical", "acad": "academy", "sci": "science", "sciences": "science",
    "natl": "national", "nat": "national", "engn": "engineering", "eng": "engineering", "aeronaut": "aeronautics",
    "aeronautical": "aeronautics", "astronaut": "astronautics", "astronautical": "astronautics",
    "polytech": "polytechnic", "polytechnical": "polytechnic", "res": "research", "ctr": "center",
    "centre": "center", "cent": "central", "lab": "laboratory", "labs": "laboratory", "elect": "electronic",
    "electronics": "electronic", "telecommun": "telecommunications", "telecom": "telecommunications",
    "commun": "communications", "phys": "physics", "physical": "physics", "def": "defense", "defence": "defense",
    "mil": "military", "med": "medical", "chem": "chemistry", "informat": "information", "syst": "systems",
    "mech": "mechanics", "math": "mathematics", "appl": "applied", "comp": "computing", "comput": "computing",
    "computer": "computing", "coll": "college", "dept": "department", "sch": "school", "fac": "faculty",
    "minist": "ministry", "educ": "education", "fed": "federal", "reg": "regional",
    "aerosp": "aerospace", "automat": "automation", "aviat": "aviation", "ind": "industry", "industrial": "industry",
    "nucl": "nuclear", "opt": "optics", "optical": "optics", "microelect": "microelectronics", "hlth": "health",
    "econ": "economics", "technologies": "technology", "technological": "technology", "technique": "technology",
    "pla": "peoples liberation army",
    "grp": "group", "corp": "corporation", "hosp": "hospital", "acoust": "acoustics",
    "radiotech": "radiotechnical", "measurement": "measurements", "instrumentation": "instruments",
    "instrument": "instruments", "ras": "russian academy science", "cas": "chinese academy science",
    "moskovskiy": "moscow", "moskovski": "moscow", "moskovskii": "moscow", "moskovskogo": "moscow",
    "skolkowo": "skolkovo", "chinese": "china", "machine": "machinery",
}
# Joins of Chinese place-name syllables that some sources split: "Xi An Jiao Tong" -> "xian jiaotong".
JOINS = (("xi an", "xian"), ("jiao tong", "jiaotong"), ("sun yat sen", "sunyatsen"), ("yat sen", "yatsen"),
         ("bei hang", "beihang"), ("harbin engn", "harbin engineering"))
# Words that say nothing about which institution is meant: articles, legal forms.
_LINK_WORDS = frozenset("the of and for in at an de named after imeni im na".split())
STOPWORDS = frozenset(
    list(_LINK_WORDS)
    + "co ltd limited inc llc jsc pjsc ojsc cjsc oao zao ooo ao pao fsue fgup fgbu soe gmbh plc sa company".split()
    + "corporation incorporated holding holdings group joint stock public closed open liability".split()
)
# Russian legal forms as the lists transliterate them, at the start of a name: a form without them
# is indexed too ("Aktsionernoe Obshchestvo Nauchno-Proizvodstvennoe Predpriyatie Topaz").
_RU_LEGAL_LATIN = re.compile(
    r"^(?:(?:publichnoe|publichnoye|otkrytoe|otkrytoye|zakrytoe|zakrytoye)\s+)?(?:aktsionernoe|aktsionernoye|akcionernoe)"
    r"\s+(?:obshchestvo|obshestvo|obshhestvo)\s+|^obshchestvo\s+s\s+ogranichennoy\s+otvetstvennost\w*\s+",
    re.IGNORECASE)
# Russian state legal forms as the US lists spell them out in English or transliterate them, at the start
# of a name (BIS Entity List: "Federal State Unitary Enterprise All-Russian Research Institute of Physical,
# Technical and Radio Engineering Measurements", "Federal State Budgetary Institution of Science Institute of
# Molecular and Cell Biology…", "Federal State Budgetary Institute A.V. Zhirmunskiy…", "Federal State
# Autonomous Institution Military Innovative Technopolis Era", "Federal State Enterprise Aleksinsky Chemical
# Plant", "Federal State Budgetary Enterprise Special Flight Unit Rossiya…", "State Enterprise Evpatoria Sea
# Commercial Port", "State Unitary Enterprise of the Republic of Crimea 'Crimean Ports'", "Federalnoe
# Gosudarstvennoe Unitarnoe Predpriyatie Tsentralny…", "Gosudarstvennoe Unitarnoe Predpriyatie Respubliki Krym
# Universal"). A Russian query writes them as initials (ФГУП, ФГБУН,
# ГУП: structure._RU_LEGAL) or not at all; "Joint Stock Company" is a stopword already. Left out: "Federal
# State Institution" and "…Uchrezhdenie" (ФГУ; "Federal State Institution Federal Scientific Center Scientific
# Research Institute for System Analysis…"): with them a dev ror-ru-negative row, ФНЦ НИИСИ РАН, hits that
# entry at 0.853 (fixtures README, "Session 11, branch rulegal").
_RU_LEGAL_EN = re.compile(
    r"^(?:federal\s+state\s+(?:(?:(?:unitary|budgetary)\s+)?enterprise"
    r"|(?:budgetary|autonomous)\s+(?:scientific\s+)?institut(?:ion|e)(?:\s+of\s+science)?)"
    r"|state\s+(?:unitary\s+)?enterprise(?:\s+of\s+the\s+republic\s+of\s+crimea)?"
    r"|federalnoe\s+gosudarstvennoe\s+unitarnoe\s+predpriyatie"
    r"|gosudarstvennoe\s+unitarnoe\s+predpriyatie(?:\s+respubliki\s+krym)?)\s+",
    re.IGNORECASE)
# Transliterated Russian adjective endings, one spelling: Tulskiy / Tulsky / Tulskii -> tulsky,
# Oruzheynyy / Oruzheynyi -> oruzheyny.
_RU_ADJ = ((re.compile(r"(?<=sk)(?:iy|ii|ij|i|oy|oi|oj|aya|aia|oye|oe|ogo)$"), "y"),
           (re.compile(r"(?<=n)(?:yy|yi|yj|iy|ii|ij)$"), "y"))
# Organisational words: an alias made only of these ("Institute of Electrical and Electronic
# Engineering", "Institute of Physics") names no one in particular.
GENERIC_WORDS = frozenset(
    "university institute academy college school research scientific science technology technical center laboratory "
    "engineering electronic electrical physics chemistry mathematics mechanics national state central federal key "
    "applied information communications computing systems design bureau department faculty radio automation "
    "materials industry production association enterprise plant factory development international trade import "
    "export trading logistics services service solutions equipment instruments measurements new advanced "
    "general special".split()
)
_PLURAL = re.compile(r"(?:(?<=[^aeiou])ies|(?<=[bcdfghklmnprtw])s|(?<=[^aeiou]e)s)$")
# The words a Chinese organisation's name ends with (公司, 研究所, 大学…): where a name ends, for the heads of a
# CNKI-style run (`match.zh_heads`) and the host of a hosted body (`hosted_zh`)
ZH_ORG_END = r"(?:有限公司|集团公司|公司|研究所|研究院|(?<!科)学院|学校|大学|实验室|中心)"


def english_singular(word: str) -> str:
    """An English plural's singular, by its ending: "semiconductors" -> "semiconductor",
    "microelectronics" -> "microelectronic", "nanotechnologies" -> "nanotechnology", "microservices"
    -> "microservice"; a vowel, s or y before the s is no English plural ("surgutneftegas",
    "oboronpromservis")."""
    m = _PLURAL.search(word)
    if not m:
        return word
    return word[: m.start()] + ("y" if m.group(0) == "ies" else "")


# the cuts of organisational words and of their singulars, which a long plural's singular must not take
_GENERIC_CUTS = frozenset(x[:STEM] for w in GENERIC_WORDS for x in (w, english_singular(w)) if len(x) <= STEM_MAX_WORD)
_CJK = re.compile(r"[\u3400-\u9fff]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_SPLIT = re.compile(r"[^0-9a-z]+")
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th)$")


# -- curated data ----------------------------------------------------------------------------
@cache
def data_yaml(name: str) -> dict:
    """A YAML table shipped in techties/screen/data (glossaries, curated names), parsed."""
    return yaml.safe_load(resources.files("techties.screen").joinpath("data", name).read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    """Compare native names loosely: NFKC, lower case, no spaces, quotes or dots."""
    t = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return re.sub(r"[\s\"'«»“”„.·・()\-–—]+", "", t)


@cache
def name_table() -> dict[str, tuple[str, str]]:
    """Folded native (or former English) name -> (English list name, source)."""
    table: dict[str, tuple[str, str]] = {}
    for row in data_yaml("names_bilingual.yaml")["names"]:
        for native in [*row.get("zh", []), *row.get("ru", []), *row.get("other_en", [])]:
            table[_fold(native)] = (row["en"], row["source"])
            for form in cas_forms(_fold(native))[1:]:
                table.setdefault(form, (row["en"], row["source"]))
    return table


_RU_CITY_TAIL = re.compile(r"\s*,\s*(?:г\.\s*)?([А-ЯЁа-яё][А-ЯЁа-яё -]+?)\s*$")
_RU_ACRONYM = re.compile(r"[А-ЯЁ]{2,8}(?:\s*[-–—]\s*[А-ЯЁ]{2,8})?")  # "ФИАН", "РФЯЦ – ВНИИТФ"


def ru_table_keys(text: str) -> list[str]:
    """Other folded forms of a Russian name to look up in the name table, as affiliations write a
    table name: with the city after it ("БГТУ «Военмех», Санкт-Петербург", "…, г. Тула": a Russian or
    Belarusian city, GeoNames) and an acronym with its eponym ("ФИАН им. П.Н. Лебедева": the acronym
    names one institution; the eponym only says it again)."""
    from techties.screen.structure import _RU_LEGAL, parse_ru

    out = []
    m = _RU_CITY_TAIL.search(text)
    if m and m.group(1).lower().replace("ё", "е") in ru_cities():
        text = text[: m.start()]
        out.append(_fold(text))
    p = parse_ru(text)
    if p.legal:  # "ФАУ «ЦИАМ им. П.И. Баранова»": the legal form says nothing of which institution
        out.append(_fold(_RU_LEGAL.sub(" ", text)))
        if not p.eponym:
            out.append(_fold(p.base))
    if p.eponym and _RU_ACRONYM.fullmatch(p.base):
        out.append(_fold(p.base))
    return out


_ZH_ADDRESS = re.compile(r"\s*[，,]\s*(?:([\u3400-\u9fff]{2,3}?)省?\s*)?"  # a province, or none
                         r"([\u3400-\u9fff]{2,8}?)[省市区县]?\s*(?:\d{6})?\s*$")


def zh_without_address(text: str) -> str:
    """A Chinese affiliation without the city and postcode CNKI writes after it ("中国科学院计算所，
    北京 100190"), its province first or not ("，广东 广州 510006", "，湖南长沙410082"): they are no part of the
    name. The text itself when what follows the comma is not a place (a province then a place)."""
    from techties.screen.structure import zh_place_names

    s = simplified(text)  # the gazetteer is in simplified script: 長沙 is 长沙
    m = _ZH_ADDRESS.search(s)
    places = zh_place_names()
    if m and m.start() >= 2 and m.group(2) in places and (m.group(1) is None or m.group(1) in places):
        return (text if len(s) == len(text) else s)[:m.start()]
    return text


ZH_SEAT_LEFT_OUT = "glossary, seat in brackets left out"  # the method of a reading without it (`zh_without_seat`)
_ZH_SEAT = re.compile(r"[（(]([\u3400-\u9fff]{2,4}?)[省市]?[）)]")


_ZH_COMPANY_END = re.compile(r"公司$")


def zh_seat(text: str) -> re.Match | None:
    """The seat a Chinese company name writes in brackets after its trade name (字号（行政区划）行业组织形式, as
    registration allows: 第四范式（北京）技术有限公司, 中芯国际集成电路制造（北京）有限公司; X（研发）（北京）有限公司
    its first bracket of a place), group 1 the place; or after the whole name of a company, as affiliations add it
    (浪潮电子信息产业股份有限公司（济南）). None when no bracketed place of the gazetteer follows two characters at
    least, or the bracket ends a name that is no company's (中国矿业大学（北京）: a campus, read as such)."""
    from techties.screen.structure import zh_place_names

    places = zh_place_names()
    for m in _ZH_SEAT.finditer(text):
        last = m.end() == len(text)
        if m.start() >= 2 and m.group(1) in places and (not last or _ZH_COMPANY_END.search(text[:m.start()])):
            return m
    return None


def zh_without_seat(text: str) -> str:
    """A Chinese company name without its seat in brackets (`zh_seat`), which the lists leave out ('4Paradigm
    Technology Co., Ltd.'); the text itself when it writes none."""
    m = zh_seat(text)
    return text[:m.start()] + text[m.end():] if m else text


_CAS_NAMES = ("中国科学院", "中科院")  # the CAS's name and the short name affiliations write as often


def cas_forms(name: str) -> list[str]:
    """A name under the CAS with each of its names: 中科院计算所 is also 中国科学院计算所 (CNKI writes both)."""
    head = next((c for c in _CAS_NAMES if name.startswith(c) and len(name) > len(c)), None)
    return [name] + ([c + name[len(head):] for c in _CAS_NAMES if c != head] if head else [])


@cache
def name_table_by_tokens() -> dict[tuple[str, ...], tuple[str, str]]:
    """Tokens of former or other English names ("Fourth Mil Med Univ") -> (English list name, source)."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for row in data_yaml("names_bilingual.yaml")["names"]:
        for other in row.get("other_en", []):
            table[tokens(other)] = (row["en"], row["source"])
    return table


@cache
def glossary(lang: str) -> dict[str, str]:
    return {k.lower(): (v or "") for k, v in data_yaml("glossary.yaml")[lang].items()}


# -- script handling -------------------------------------------------------------------------
@lru_cache(maxsize=100_000)
def simplified(text: str) -> str:
    """Traditional Chinese characters in simplified script (zhconv, MediaWiki's conversion tables)."""
    return zhconv.convert(text, "zh-cn")


def script_of(text: str) -> str:
    """'zh' for Chinese characters, 'ru' for Cyrillic, else 'latin'."""
    if _CJK.search(text):
        return "zh"
    if _CYR.search(text):
        return "ru"
    return "latin"


@cache
def zh_places() -> dict[str, str]:
    """Chinese place name -> its GeoNames (pinyin) name, for CN/HK/MO/TW cities: "深圳" -> "Shenzhen",
    "香港" -> "Hong Kong", so that a place is a word of its own ("shenzhen bailiansheng")."""
    from techties.screen import geo

    out: dict[str, str] = {}
    for c in geo.cities().values():
        if c["countrycode"] in ("CN", "HK", "MO", "TW"):
            for a in c.get("alternatenames", []):
                if 2 <= len(a) <= 5 and all(_CJK.match(ch) for ch in a):
                    out.setdefault(a.removesuffix("市") if len(a) > 2 else a, c["name"].lower())
    return out


@cache
def _zh_words() -> dict[str, str]:
    new_words = {k: v[0] for k, v in zh_senses().items() if k not in glossary("zh")}  # 舰艇, 所
    return {**zh_places(), **new_words, **glossary("zh")}


_ZH_ADMIN = "市省区县"  # 深圳市: the city word after a place name is dropped


def translate_zh(text: str) -> str:
    """Word-by-word English for a Chinese name: longest glossary or place-name match, pinyin for
    the rest."""
    return " ".join(en for _, en in zh_segments(text) if en)


def zh_segments(text: str) -> list[tuple[str, str]]:
    """A Chinese name cut into glossary words, place names and pinyin runs: (Chinese, English)."""
    words = _zh_words()
    places = zh_places()
    longest = max(map(len, words))
    out: list[tuple[str, str]] = []
    i, rest = 0, ""
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if text[i:i + n] in words:
                if rest:
                    out.append((rest, "".join(lazy_pinyin(rest))))
                    rest = ""
                out.append((text[i:i + n], words[text[i:i + n]]))
                i += n
                if (text[i - n:i] in places and i < len(text) and text[i] in _ZH_ADMIN
                        and not any(text[i:i + k] in words for k in range(2, longest + 1))):
                    i += 1  # unless it starts a word: 乌鲁木齐市公安局 "Urumqi Municipal Public Security Bureau"
                break
        else:
            if _CJK.match(text[i]):
                rest += text[i]
            elif rest:
                out.append((rest, "".join(lazy_pinyin(rest))))
                rest = ""
            i += 1
    if rest:
        out.append((rest, "".join(lazy_pinyin(rest))))
    return out


_ZH_NAME_SYLLABLES = 4  # a pinyin run this long or longer, even, is words of two syllables: 黄埔文冲 "Huangpu Wenchong"


def translate_zh_names(text: str) -> str:
    """Word-by-word English as `translate_zh`, with the proper names read as the lists write them
    (`zh_name_segments`)."""
    return " ".join(en for _, en in zh_name_segments(text) if en)


def zh_name_segments(text: str) -> list[tuple[str, str]]:
    """`zh_segments` with the proper names read as the lists write them: a one-character glossary
    word beside a pinyin run is part of that name (东安 is "Dongan" in "AECC Harbin Dongan Engine",
    川东 "Chuandong" in "Chongqing Chuandong Shipbuilding Industry", not "east an", "chuan east"),
    and a longer run of an even number of syllables is words of two ("huangpu wenchong")."""
    segs = zh_segments(text)
    pinyin = ["".join(lazy_pinyin(zh)) == en for zh, en in segs]
    merged: list[tuple[str, bool]] = []  # (Chinese, is a name read in pinyin)
    for i, (zh, _) in enumerate(segs):
        joins = len(zh) == 1 and not pinyin[i] and any(0 <= j < len(segs) and pinyin[j] and len(segs[j][0]) == 1
                                                        for j in (i - 1, i + 1))
        if (pinyin[i] or joins) and merged and merged[-1][1]:
            merged[-1] = (merged[-1][0] + zh, True)
        else:
            merged.append((zh, pinyin[i] or joins))
    words = dict(segs)
    out = []
    for zh, name in merged:
        syl = lazy_pinyin(zh) if name else []
        if name and len(syl) >= _ZH_NAME_SYLLABLES and len(syl) % 2 == 0:
            out.append((zh, " ".join(syl[k] + syl[k + 1] for k in range(0, len(syl), 2))))
        else:
            out.append((zh, "".join(syl) if name else words.get(zh, "")))
    return out


@cache
def zh_senses() -> dict[str, list[str]]:
    """Chinese word -> the English words the lists use for it, first sense first (data/glossary_zh_senses.yaml)."""
    return {k: [v.lower() for v in vs] for k, vs in data_yaml("glossary_zh_senses.yaml")["senses"].items()}


@cache
def zh_english_words() -> frozenset[str]:
    """The English words the Chinese glossary, senses and company industry words read into: every
    other word of a reading of a Chinese name is pinyin (see `zh_pinyin_words`)."""
    from techties.screen.structure import ZH_INDUSTRY

    texts = [*glossary("zh").values(), *(v for vs in zh_senses().values() for v in vs), *ZH_INDUSTRY.values(),
             *GENERIC_WORDS, *ABBREVIATIONS.values()]
    return frozenset(w for t in texts for w in _SPLIT.split(t.lower()) if w)


@cache
def zh_word_sources() -> dict[str, frozenset[str]]:
    """English word -> the Chinese words whose translations (glossary, senses, industry words) use it."""
    from techties.screen.structure import ZH_INDUSTRY

    pairs = [*glossary("zh").items(), *((k, v) for k, vs in zh_senses().items() for v in vs), *ZH_INDUSTRY.items()]
    out: dict[str, set[str]] = {}
    for zh, en in pairs:
        for w in _SPLIT.split(en.lower()):
            if w:
                out.setdefault(w, set()).add(zh)
    return {w: frozenset(v) for w, v in out.items()}


def zh_other_words(a: str, b: str) -> bool:
    """True when two English words of Chinese readings translate no common Chinese word, nor one
    inside the other's: "electric" (电气) is not "electronic" (电子), though both are cut to the same
    six letters and differ only in their last letters, while "intelligent" (智能) is "intelligence"
    (人工智能); a word no table uses ("technological") is never called other."""
    src = zh_word_sources()
    return (a != b and a in src and b in src and frozenset((a, b)) not in _ZH_LOOSE_WORDS
            and not any(x in y or y in x for x in src[a] for y in src[b]))


# English words the lists write for one another whatever the Chinese word (工业 "Industrial", 理工
# "Polytechnical", 邮电 "Telecom"): never other words, though the tables give them different sources
_ZH_LOOSE_WORDS = frozenset(frozenset(p) for p in (("industrial", "industry"), ("polytechnic", "polytechnical"),
                                                   ("telecom", "telecommunications")))


def zh_long_words(reading: str) -> list[tuple[str, bool]]:
    """Words of a reading of a Chinese name longer than a token keeps (six letters), each with
    whether it is pinyin: a list word must be the same whole pinyin word, not the same first six
    letters ("zonghezheng", syndrome, is not "Zongheng"; "shangtongdiao" not "Shangtang"), and an
    English word only another form of it ("supercomputer" is not "Superchip")."""
    words = _SPLIT.split(unidecode(reading).lower())
    return [(w, w not in zh_english_words()) for w in words if len(w) > STEM and not w.isdigit()]


def zh_sense_readings(text: str, limit: int = 12, names: bool = False) -> list[str]:
    """Word-by-word English readings with the other senses of institutional words (学院 "academy",
    精密 "fine"), fewest changes first, at most `limit`; [] when no word has another sense.
    `names`: proper names read as `zh_name_segments` reads them."""
    import itertools

    senses = zh_senses()
    segs = zh_name_segments(text) if names else zh_segments(text)
    options = [[en, *(s for s in senses.get(zh, ()) if s != en)] for zh, en in segs]
    if all(len(o) == 1 for o in options):
        return []
    if len(options) > MAX_SENSE_SEGMENTS:
        return []  # no name has so many words: a pasted run, read as it is
    sizes = [len(o) for o in options]
    combos = itertools.islice((c for k in range(1, len(sizes) + 1) for c in _with_changes(sizes, k)), limit)
    out = [" ".join(w for w in (o[k] for o, k in zip(options, c, strict=True)) if w) for c in combos]
    return list(dict.fromkeys(out))


MAX_SENSE_SEGMENTS = 200


def _with_changes(sizes: list[int], k: int, i: int = 0):
    """The index tuples over `sizes` with exactly `k` non-zero places, in the product's (lexicographic)
    order, made lazily: the order of sorting the whole product by its number of changes, without the
    product, which doubles with every word (a name pasted thirty times took minutes and gigabytes)."""
    if k == 0:
        yield (0,) * (len(sizes) - i)
        return
    if sum(n > 1 for n in sizes[i:]) < k:
        return
    yield from ((0, *rest) for rest in _with_changes(sizes, k, i + 1))
    for v in range(1, sizes[i]):
        yield from ((v, *rest) for rest in _with_changes(sizes, k - 1, i + 1))


_LATIN_LOOKALIKE = str.maketrans("aeopcxyAEOPCXBHKMT", "аеорсхуАЕОРСХВНКМТ")


def fix_homoglyphs(text: str) -> str:
    """Latin letters typed inside Cyrillic words ("Акционерноe Обществo") made Cyrillic."""
    return re.sub(r"\w*[\u0400-\u04ff]\w*", lambda m: m.group(0).translate(_LATIN_LOOKALIKE), text)


_LOOKALIKE_WORD = re.compile(r"(?<![\w-])[AEOPCXBHKMT]{2,}(?![\w-])")
# a word of six letters or more run into a capitalised one: a compound's first part ends in -о
# ("Научно", "Опытно", not "-ого"): the hyphen left out; else a space. Brands ("АэроКомпозит") are shorter
_COMPOUND_PART = re.compile(r"(?<![ое]г)о$")
_RUN_TOGETHER = re.compile(r"(?<![А-ЯЁа-яё])[А-ЯЁа-яё][а-яё]{5,}(?=[А-ЯЁ][а-яё]{3})")


_LATIN_PHRASE = re.compile(r"[A-Za-z][\w.&'’-]*(?:\s+[A-Za-z][\w.&'’-]*)+", re.ASCII)


def latin_phrase_spans(text: str) -> list[tuple[int, int]]:
    """Spans of two or more Latin words in a row of which one has a letter no Cyrillic one looks like:
    a Latin name written into a Russian one ("ООО «ETC Electronics»"), whose capitals are no typing slip."""
    return [m.span() for m in _LATIN_PHRASE.finditer(text) if re.search(r"[^AEOPCXBHKMT\s]", m.group(0))]


def fix_typing_ru(text: str) -> str:
    """Typing slips of a Russian name before it is read: a word of Latin capitals that all look
    Cyrillic in a Cyrillic name ("Акционерное Общество ACT" is АСТ; not inside a Latin phrase,
    `latin_phrase_spans`), two words run together at a
    capital ("НаучноИсследовательский" -> "Научно-Исследовательский", "ЖирмунскогоДальневосточного"
    -> "Жирмунского Дальневосточного"; initials such as "ГосНИИАС", "ЦНИИмаш" and brands such as
    "АэроКомпозит" stay), and
    `fix_homoglyphs`."""
    if not _CYR.search(text):
        return text
    latin = latin_phrase_spans(text)
    text = _LOOKALIKE_WORD.sub(lambda m: m.group(0) if any(a <= m.start() < b for a, b in latin)
                               else m.group(0).translate(_LATIN_LOOKALIKE), text)
    text = _RUN_TOGETHER.sub(lambda m: m.group(0) + ("-" if _COMPOUND_PART.search(m.group(0)) else " "), text)
    return fix_homoglyphs(text)


_BY_UK_LETTERS = re.compile(r"[іїєґўІЇЄҐЎ]")
_BY_UK_FOLD = str.maketrans("іїєґўІЇЄҐЎ", "ииегвИИЕГВ")
# Belarusian and Ukrainian adjective endings as Russian writes them: Мінскі -> минский, Гомельскае ->
# гомельское, Київський -> киивский, Харківська -> харкивская, Донецький -> донецкий
_BY_UK_ENDINGS = ((re.compile(r"(?<=[сц]к)и(?![\w-])"), "ий"), (re.compile(r"(?<=[сц]к)ае(?![\w-])"), "ое"),
                  (re.compile(r"(?<=[сц]к)ага(?![\w-])"), "ого"),
                  (re.compile(r"(?<=[сц])ьк(?=(?:ий|а|е|ого)(?![\w-]))"), "к"),
                  (re.compile(r"(?<=[сц]к)а(?![\w-])"), "ая"), (re.compile(r"(?<=[сц]к)е(?![\w-])"), "ое"))


# Belarusian spellings of Russian sounds, regular in the orthography (Belarusian grammar, as in the 2008
# orthography law): т and д are written ц and дз before a soft vowel or the soft sign ("цягач" is
# "тягач", tractor; "дзе" "де"); э after a consonant is Russian е ("цэнтр", "тэхнічны"); ч, ш, ж and
# ц are always hard, so Russian и after them is written ы ("спецыяльны", "машына"), and the prefix
# при- is пры- ("прыбор"; р is hard too, but Russian writes ры as well: "рынак", "прыборы"); the
# adjective suffix -ічн-/-ычн- is Russian -ическ- ("механічны" is "механический", "тэхнічная"
# "техническая"). Applied only to a name in Belarusian (`belarusian`)
_BE_SOFT = "яеёюіь"
_BE_LETTERS = ((re.compile(rf"ц(?=[{_BE_SOFT}])"), "т"), (re.compile(rf"Ц(?=[{_BE_SOFT}])"), "Т"),
               (re.compile(rf"дз(?=[{_BE_SOFT}])"), "д"), (re.compile(rf"Дз(?=[{_BE_SOFT}])"), "Д"),
               (re.compile(r"(?<=[бвгджзклмнпрстфхцчшщБВГДЖЗКЛМНПРСТФХЦЧШЩ])э"), "е"),
               (re.compile(r"(?<=[чшжц])ы"), "и"),
               (re.compile(r"(?<![\w-])([Пп])ры"), r"\1ри"),
               (re.compile(r"(?<=[а-яё]{3})[іы]чн(?=(?:ы|ая|ае|ага|ых|ым|ай|ыя|ую|аму)(?![\w-]))"), "ическ"))
# the endings of Belarusian adjectives after -н- and -ическ-, as Russian writes them
_BE_ENDINGS = ((re.compile(r"(?<=ическ)ы(?![\w-])"), "ий"), (re.compile(r"(?<=ическ)ыя(?![\w-])"), "ие"),
               (re.compile(r"(?<=н)ы(?![\w-])"), "ый"), (re.compile(r"(?<=н)ыя(?![\w-])"), "ые"),
               (re.compile(r"(?<=[нк])ае(?![\w-])"), "ое"), (re.compile(r"(?<=[нк])ага(?![\w-])"), "ого"))
# Belarusian (Civil Code of the Republic of Belarus) and Ukrainian (Civil Code of Ukraine) company
# forms by their Russian abbreviations: ААТ (адкрытае акцыянернае таварыства) is ОАО, ЗАТ ЗАО, ТАА
# (таварыства з абмежаванай адказнасцю) ООО; ПАТ (публічне акціонерне товариство) is ПАО, ПрАТ
# (приватне) ЗАО, ТОВ (товариство з обмеженою відповідальністю) ООО
_BY_UK_FORMS = {"аат": "ОАО", "зат": "ЗАО", "таа": "ООО", "пат": "ПАО", "прат": "ЗАО", "тов": "ООО"}
_BY_UK_FORM = re.compile(r"(?<![\w-])(?:ААТ|ЗАТ|ТАА|ПАТ|ПрАТ|ТОВ)(?![\w-])")
# a Ukrainian adjective in -ський / -цький (Russian -ский / -цкий never has the soft sign there): "ДП «Керченський
# морський торговельний порт»" is Ukrainian though it has no і, ї, є or ґ
_UK_ADJ = re.compile(r"[сц]ьк(?:ий|а|е|ого)(?![\w-])", re.IGNORECASE)


def belarusian(text: str) -> bool:
    """True for a Cyrillic name in Belarusian: ў, or і or a Belarusian company form (ААТ, ЗАТ, ТАА)
    without и (Ukrainian writes both і and и, Russian и)."""
    low = text.lower()
    return "ў" in low or (("і" in low or re.search(r"(?<![\w-])(?:ААТ|ЗАТ|ТАА)(?![\w-])", text) is not None)
                          and not re.search(r"[иИїЇєЄґҐ]", text))


def fold_by_uk(text: str) -> str:
    """A Cyrillic name with Belarusian or Ukrainian letters (і, ў, ї, є, ґ) in Russian letters and
    adjective endings, so that the Russian glossary and place names read it: "ААТ «Мінскі завод»" ->
    "ОАО «Минский завод»", "колавых цягачоў" -> "колавых тягачов" (`_BE_LETTERS`); a name without
    those letters is returned as it is."""
    if not (_BY_UK_LETTERS.search(text) or _BY_UK_FORM.search(text) or _UK_ADJ.search(text)):
        return text
    be = belarusian(text)
    if be:
        for pattern, repl in _BE_LETTERS:
            text = pattern.sub(repl, text)
    text = _BY_UK_FORM.sub(lambda m: _BY_UK_FORMS[m.group(0).lower()], text)
    out = text.translate(_BY_UK_FOLD)
    if be:
        for pattern, repl in _BE_ENDINGS:
            out = pattern.sub(repl, out)
    for pattern, repl in _BY_UK_ENDINGS:
        out = pattern.sub(repl, out)
    return out


def translate_ru(text: str, loan: bool = False) -> str:
    """Word-by-word English for a Russian name: glossary stems (longest first), else transliteration
    (with `loan`, a loanword's English spelling first: see `ru_loanword`)."""
    words = glossary("ru")
    stems = _ru_stems()
    low = fold_by_uk(fix_typing_ru(unicodedata.normalize("NFKC", text))).lower().replace("ё", "е")
    low = re.sub(r"[«»\"“”„()‘’']", " ", fix_homoglyphs(low))
    for phrase in (s for s in stems if " " in s):  # multi-word entries first
        low = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " " + words[phrase] + " ", low)
    out: list[str] = []
    for w in re.split(r"[\s,.;]+", low):
        if w:
            out.append(_translate_ru_word(w, words, stems, loan))
    return " ".join(x for x in out if x)


def _translate_ru_word(w: str, words: dict[str, str], stems: list[str], loan: bool = False) -> str:
    """One word: a glossary stem, else a city its adjective names (a Belarusian one by its Russian
    name, else plain: `ru_city`, else by the other regular ways: `places_ru`), else the name a
    possessive adjective is made of, else BGN/PCGN.
    A hyphenated word whose stem stops before the hyphen is read part by part
    ("опытно-конструкторское" is "experimental design", not "experimental"), unless it is a town's name
    (`places_ru.places`: "Каменск-Уральский")."""
    if not _CYR.search(w):
        return w
    hit = _ru_stem_of(w, stems)
    if "-" in w.strip("-") and hit is None and w in places():  # "каменск-уральский" is the town Kamensk-Uralskiy
        return places()[w][0]
    if "-" in w.strip("-") and (hit is None or "-" not in hit):
        return " ".join(_translate_ru_word(p, words, stems, loan) for p in w.split("-") if p)
    if hit is not None:
        rest = _compound_rest(w[len(hit):], stems)
        return f"{words[hit]} {_translate_ru_word(rest, words, stems, loan)}" if rest else words[hit]
    return (belarus_place(w) or ru_city(w) or place_of_adjective(w) or ru_possessive(w)
            or (ru_loanword(w) if loan else None) or bgn_word(w))


_RU_VOWELS = "[аеёиоуыэюя]"
# the endings that start with a consonant: -н- (-ный, -ного), -ск-/-цк- (-ский), -ств- (-ство), -ч-/-щ-
# (-чик, -щик), -й- ("реле|йной"), -ьн-/-ьск-, and -к- of a short ending (-ка, -ками)
_RU_SUFFIX_START = re.compile(r"(?:н|ск|цк|ств|ч|щ|й|ь(?:н|ск)|к[аеиоуы]\w{0,2}$)")


def _compound_rest(rest: str, stems: list[str]) -> str:
    """What follows a glossary stem when it is a second word of a compound, not an ending: a root
    that starts with э (no Russian ending does: "оборон|энерго" is "defense energo", not "defense") or
    with a consonant no ending starts with ("оборон|пром", "связь|строй"), or another stem after the
    joining vowel ("научн|о|исследовательский" is "scientific research"). "" for an ending
    ("оборон|ного", "холдинг|овая")."""
    if rest.startswith("э") and len(rest) >= 4:
        return rest
    if len(rest) >= 4 and not re.match(_RU_VOWELS, rest) and not _RU_SUFFIX_START.match(rest):
        return rest.removeprefix("ь")  # "оборон|пром", "центр|программсистем", "связ|ьстрой"
    tail = rest[1:] if rest[:1] in ("о", "е") else rest
    if len(tail) >= 4 and any(len(s) >= 4 and " " not in s and s not in _RU_INITIALS and tail.startswith(s)
                              for s in stems):
        return tail
    return ""


def ru_word_known(word: str) -> bool:
    """True when a Cyrillic word is read otherwise than by plain transliteration: a glossary stem, a
    place's adjective, a possessive adjective ("морского", "тульского", "крыловского")."""
    words = glossary("ru")
    low = word.lower().replace("ё", "е")
    return _translate_ru_word(low, words, _ru_stems()) != bgn_word(low)


@cache
def _ru_stems() -> list[str]:
    """The Russian glossary's keys, longest first (the order a word takes its stem in), sorted once."""
    return sorted(glossary("ru"), key=len, reverse=True)


@cache
def _ru_one_word_stems() -> frozenset[str]:
    return frozenset(s for s in _ru_stems() if " " not in s)


def _ru_stem_of(w: str, stems: list[str]) -> str | None:
    """The first one-word stem of `stems` (longest first: `_ru_stems`) that is the word, or that starts
    it, three letters or more and no initials: its longest prefix that is one, looked up by length
    rather than by trying every stem (this runs for every word of every Cyrillic query)."""
    one = _ru_one_word_stems() if stems is _ru_stems() else frozenset(s for s in stems if " " not in s)
    if w in one:
        return w
    for k in range(len(w) - 1, 2, -1):
        if w[:k] in one and w[:k] not in _RU_INITIALS:
            return w[:k]
    return None


@cache
def _ru_loanword_rows() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["ru"], r["at"], r["en"]) for r in data_yaml("glossary_ru.yaml").get("loanwords", []))


def ru_loanword(word: str) -> str | None:
    """A Cyrillic loanword read back to English by its start and ending (data/glossary_ru.yaml
    `loanwords`): "росэлектроника" -> "ruselectronics", "модуль" -> "module", "девайс" -> "device",
    "консалтинг" -> "consalting" (the matcher's spelling key takes it to "consulting"); a row `at: word`
    reads the whole word ("эйр" -> "air"); None when no row applies, or when less than two letters would be
    left between a start and an end."""
    low = word.lower().replace("ё", "е")
    whole = next((en for ru, at, en in _ru_loanword_rows() if at == "word" and low == ru), None)
    if whole:  # a whole English word: "эйр" is "air", "кейтеринг" "catering"
        return whole
    head = tail = ""
    for ru, at, en in _ru_loanword_rows():
        if at == "start" and not head and low.startswith(ru):
            head, low = en, low[len(ru):]
        elif at == "end" and not tail and low.endswith(ru):
            tail, low = en, low[: -len(ru)]
    if not (head or tail) or len(low) < 2 or not _CYR.search(low):
        return None
    return head + bgn_word(low).replace("'", "") + tail


_RU_POSSESSIVE = re.compile(r"(?<=[а-яё]{3})(ов|ев|ёв|ин|ын)(?:ск|цк)(?:ий|ая|ое|ого|ой|ую|ие|их|ом|ому|им|ими)$")


def ru_possessive(word: str) -> str | None:
    """The name a possessive adjective is made of, as the lists write it: "крыловский" -> "Krylov",
    "обуховский" -> "Obukhov", "курчатовский" -> "Kurchatov", "арсеньевская" -> "Arsenyev"
    ("Krylov State Research Center", "Obukhov Plant"); None for other words."""
    m = _RU_POSSESSIVE.search(word.lower().replace("ё", "е"))
    return bgn_word(word[: m.end(1)]).replace("'", "").capitalize() if m else None


# glossary keys that are initials or prepositions, not stems: whole words only ("РАНХиГС" is not
# "РАН", "Приморский" is not "при", "деловой" is not "дел")
_RU_INITIALS = frozenset("ао оао пао ооо ран рф нии нпо нпп нпк окб кб фгуп фгбу фгбун цнии минобороны при для дел"
                         " справ".split())


@cache
def ru_cities() -> dict[str, str]:
    """Russian and Belarusian city names as written in Cyrillic (GeoNames alternate names, lower case)
    -> their GeoNames name: "тула" -> "Tula"."""
    return {k: v[0] for k, v in _ru_cities().items()}


@cache
def _ru_cities() -> dict[str, tuple[str, int]]:
    from rapidfuzz.distance import Indel

    from techties.screen import geo

    best: dict[str, tuple[float, int, str]] = {}
    for c in geo.cities().values():
        if c["countrycode"] in ("RU", "BY"):
            en = unidecode(c["name"]).replace("'", "")
            names = {a.lower().replace("ё", "е") for a in c.get("alternatenames", [])
                     if _CYR.search(a) and " " not in a}
            sims = {k: Indel.normalized_similarity(bgn_word(k), en.lower()) for k in names}
            for k, sim in sims.items():
                # a name spelt far from the city's English name while another is spelt like it is a
                # former name, kept by the organisations named after it: "Ленинградский" is
                # "Leningrad" ("Leningrad Shipyard Pella"), "Свердловск" "Sverdlovsk"
                own = bgn_word(k).replace("'", "").capitalize() if sim < max(sims.values()) - FORMER_NAME_GAP else en
                # the city the name is spelt like, then the largest: "Ставрополь" is Stavropol,
                # not Tolyatti (once Stavropol-on-Volga)
                cand = (sim, c["population"], own)
                if cand > best.get(k, (-1.0, -1, "")):
                    best[k] = cand
    return {k: (v[2], v[1]) for k, v in best.items()}


FORMER_NAME_GAP = 0.3  # Indel similarity to the English name below the city's best-spelt Cyrillic name


_RU_CITY_ADJ = re.compile(r"(?:ск|цк)(?:ий|ая|ое|ого|ой|ую|ие|их|ом|ому|им|ими)$")


def ru_city(word: str) -> str | None:
    """The city an adjective names, as the lists write it: "тульский" -> "Tula", "казанский" -> "Kazan",
    "омского" -> "Omsk", "калужский" -> "Kaluga" (the lists say "Tula Arms Plant", "Kazan Helicopter
    Plant"); None for other words and for adjectives that are themselves city names ("жуковский")."""
    w = word.lower().replace("ё", "е")
    m = _RU_CITY_ADJ.search(w)
    cities = _ru_cities()
    if not m:
        return None
    root = w[: m.start()]
    soft = root[:-1] if root.endswith("ь") else root
    for cand in (root + "ск", root, root + "ь", soft + "а", root + "а", root + "о", root + "я",
                 soft[:-1] + "га" if soft.endswith("ж") else ""):
        if len(cand) >= 3 and cand in cities:
            # "рязанский" is a village too, but Ryazan is larger; "жуковский" is itself the city
            return cities[cand][0] if cities[cand][1] > cities.get(w, ("", -1))[1] else None
    return None


@cache
def ru_variants() -> dict[str, frozenset[str]]:
    """Token -> the tokens of the other English words the lists use for the same Russian word
    (data/glossary_ru.yaml): "plant" -> {"factor", "works", "zavod"}."""
    out: dict[str, set[str]] = {}
    for row in data_yaml("glossary_ru.yaml")["variants"]:
        toks = [t for w in row["en"] for t in tokens(w)[:1]]
        for t in toks:
            out.setdefault(t, set()).update(x for x in toks if x != t)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def ru_phrases() -> dict[str, list[str]]:
    """English phrase of a glossary reading -> the other English the lists use for the same Russian
    phrase (data/glossary_ru.yaml `phrases`): "shipbuilding plant" -> ["shipyard"]."""
    return {row["en"]: list(row["as"]) for row in data_yaml("glossary_ru.yaml").get("phrases", [])}


def token_words(text: str) -> dict[str, str]:
    """Token -> the whole word it was cut from (the same steps as `tokens`, without the cut): tells
    "geomir" (Geomir) from "geomir" (Geomiragro)."""
    t = unidecode(unicodedata.normalize("NFKC", text)).lower()
    t = " ".join(_SPLIT.split(t.replace("&", " and ").replace("'", "").replace("’", "")))
    for a, b in JOINS:
        if a in t:
            t = re.sub(rf"\b{a}\b", b, t)
    words = [p for w in t.split() for p in ABBREVIATIONS.get(w, w).split()]
    out: dict[str, str] = {}
    for i, part in enumerate(words):
        if part in STOPWORDS or (len(part) == 1 and not part.isdigit()):
            continue
        if part == "technology" and i + 1 < len(words) and words[i + 1] == "university":
            part = TECHNOLOGICAL
        if len(part) >= 5:
            for pattern, repl in _RU_ADJ:
                part = pattern.sub(repl, part)
        out.setdefault(_stem(part), part)
    return out


_ZH_PREFIXES = (("中国人民解放军战略支援部队", "PLA Strategic Support Force"),
                ("战略支援部队", "PLA Strategic Support Force"),
                ("中国人民解放军", "PLA"), ("人民解放军", "PLA"), ("解放军", "PLA"),
                *((name, "CAS") for name in _CAS_NAMES))
_PLA_SCHOOL = re.compile(r"\b(?:college|school)\b")


def zh_prefix_readings(text: str) -> list[tuple[str, str]]:
    """Readings of a Chinese name without the PLA or CAS prefix that the lists' English names leave
    out ("中国人民解放军海军大连舰艇学院" is "Dalian Naval Academy", "中国科学院上海光学精密机械研究所"
    "Shanghai Institute of Optics and Fine Mechanics"); a PLA 学院/学校 also reads "academy"."""
    for prefix, what in _ZH_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix) + 1:
            rest = text[len(prefix):]
            en = translate_zh(rest)
            note = f"structure (prefix {prefix} = {what} set aside), glossary"
            out = [(en, note)]
            if what == "PLA" and _PLA_SCHOOL.search(en):
                out.append((_PLA_SCHOOL.sub("academy", en), note))
            have = {x for x, _ in out}
            return out + [(r, f"{note}, other senses") for r in zh_sense_readings(rest) if r not in have]
    return []


_LANGUAGE_LABEL = re.compile(r"^\s*[A-Z][a-z]+ian\s*:\s*(?=[^\x00-\x7f])")


def english_variants(text: str) -> list[tuple[str, str]]:
    """English readings of a name with how each was made: (text, method).

    Methods: 'as-is', 'name-table' (curated, with source), 'structure' (parent and sub-units, see
    structure.py; 'parent-level' for the readings of a parent), 'glossary', 'pinyin', 'transliteration'.
    """
    out: list[tuple[str, str]] = []
    script = script_of(text)
    if script == "zh":
        # 國防大學 -> 国防大学: the tables and glossary are in simplified script (a query's address is left out
        # before: `match.query_forms`)
        text = simplified(text)
    hit = name_table().get(_fold(text)) or (name_table_by_tokens().get(tokens(text)) if script == "latin" else None)
    if not hit and script == "ru":
        hit = next((name_table()[k] for k in ru_table_keys(text) if k in name_table()), None)
    if hit:
        out.append((hit[0], f"name-table ({hit[1]})"))
    if script == "zh":
        out += zh_readings(text)
        out += zh_company_readings(text)
        out += zh_group_company_readings(text)
        head = zh_institution_head(text)  # word by word, a department after its institution is left out
        out.append((translate_zh(head), "glossary"))
        seatless = zh_without_seat(head)
        if seatless != head:  # 第四范式(北京)技术有限公司: the lists write 4Paradigm without its seat
            out.append((translate_zh(seatless), ZH_SEAT_LEFT_OUT))
        out.append((translate_zh_names(head), "glossary, names in pinyin"))
        out += [(r, "glossary, other senses") for r in zh_sense_readings(head)]
        out += zh_prefix_readings(head)
        out.append((" ".join("".join(lazy_pinyin(p)) for p in re.split(r"[·・•\s]+", head) if p), "pinyin"))
    elif script == "ru":
        # a Belarusian or Ukrainian name read by its Russian spelling (`fold_by_uk`), after the language
        # label some lists put before it ("Belarussian: ААТ ‘Мінскі завод колавых цягачоў’")
        russian = fold_by_uk(_LANGUAGE_LABEL.sub("", text))
        out += ru_readings(russian)
        out.append((translate_ru(text), "glossary"))
        out.append((unidecode(fix_typing_ru(text)), "transliteration"))  # "Общество ACT" is АСТ
    else:
        out.append((text, "as-is"))
    seen: set[str] = set()
    return [(t, m) for t, m in out if t and not (t in seen or seen.add(t))]


# -- tokens ----------------------------------------------------------------------------------
def _stem(word: str) -> str:
    m = _ORDINAL.match(word)
    if m:
        return m.group(1)
    # long words are kept whole: run-together pinyin ("madingxianjin") must not shrink to "mading";
    # an English plural is read as its singular, which may be short enough to cut ("semiconductors"
    # as "semiconductor"), unless that cut is an organisational word's: "Technodynamics" is no
    # "technology", and "communications" stays the generic word it was, apart from "communication"
    if len(word) > STEM_MAX_WORD:
        one = english_singular(word)
        if len(one) > STEM_MAX_WORD or one[:STEM] not in _GENERIC_CUTS:
            word = one
    return word[:STEM] if len(word) <= STEM_MAX_WORD else word


# Three or more initials written with dots and no space ("Tongfang R.I.A. Co., Ltd.", "M.A.G. Tech", "U.H.L.
# Company") are one word of the name, its own acronym: single letters are dropped as tokens, so without
# this "Tongfang Co., Ltd." (同方股份有限公司, the unlisted parent) would be the whole of R.I.A.'s name.
# Legal forms (S.R.L., S.A.R.L., S.A.L.) and "a.k.a." / "f.k.a." stay as they were.
_DOTTED_INITIALS = re.compile(r"(?<![a-z0-9.])((?:[a-z]\.){3,})(?![a-z0-9])")
# dotted legal forms of Czech/Slovak (s.r.o.), Egyptian (s.a.e.), Peruvian (s.a.c.), Spanish (s.a.u., s.l.u.)
# and Argentine (s.a.i.c.) firms, as the lists write them
_NOT_INITIALS = LEGAL_WORDS | {"aka", "fka", "nka", "sal", "sas", "sro", "sae", "sac", "sau", "slu", "saic"}


def _join_initials(t: str) -> str:
    """'tongfang r.i.a. co' -> 'tongfang ria co' (see _DOTTED_INITIALS)."""
    def join(m: re.Match) -> str:
        word = m.group(1).replace(".", "")
        return m.group(0) if word in _NOT_INITIALS else f"{word} "
    return _DOTTED_INITIALS.sub(join, t) if "." in t else t


@lru_cache(maxsize=500_000)
def tokens(text: str) -> tuple[str, ...]:
    """Comparable tokens of an English (or Latin-script) name, in order, without repeats."""
    t = _join_initials(unidecode(unicodedata.normalize("NFKC", text)).lower())
    t = t.replace("&", " and ").replace("'", "").replace("’", "")
    t = " ".join(_SPLIT.split(t))
    for a, b in JOINS:
        if a in t:
            t = re.sub(rf"\b{a}\b", b, t)
    words = [p for w in t.split() for p in ABBREVIATIONS.get(w, w).split()]
    kept = initials_words(text)
    out: list[str] = []
    for i, part in enumerate(words):
        if (part in STOPWORDS and part not in kept) or (len(part) == 1 and not part.isdigit()):
            continue
        if part == "technology" and i + 1 < len(words) and words[i + 1] == "university":
            part = TECHNOLOGICAL  # "X Technological University" is not "X University of Technology"
        if len(part) >= 5:
            for pattern, repl in _RU_ADJ:
                part = pattern.sub(repl, part)
        s = _stem(part)
        if s not in out:
            out.append(s)
    return tuple(out)


def initials_words(text: str) -> frozenset[str]:
    """Words of a name made of initials only, two to four capitals each ("NPO AT", the list's short
    name of 'Joint Stock Company Scientific Production Association Android Technics'): there "AT" is
    Android Technics, not the English "at", and "NPO" alone (any Научно-производственное
    объединение) is not that firm. Those that look like English link words, lower case, for
    `tokens` to keep."""
    words = text.split()
    if len(words) < 2 or not all(re.fullmatch(r"[A-Z]{2,4}", w) for w in words):
        return frozenset()
    return frozenset(w.lower() for w in words) & _LINK_WORDS  # "OJSC", "JSC" stay legal forms


def is_generic(toks: tuple[str, ...]) -> bool:
    """True when every token is an organisational word (see GENERIC_WORDS)."""
    return bool(toks) and all(t in GENERIC_STEMS for t in toks)


def acronym_of(text: str) -> str | None:
    """The acronym a name is written as ('BUAA', 'MIPT'), if it is one: one short all-caps word."""
    t = text.strip().strip("()")
    if re.fullmatch(r"[A-Z][A-Z0-9\-]{1,7}", t):
        return t.replace("-", "").lower()
    return None


GENERIC_STEMS = frozenset(_stem(w) for w in GENERIC_WORDS)
_PAREN = re.compile(r"\s*\(([^()]*)\)")


def name_forms(name: str) -> list[tuple[str, str]]:
    """A list name and the forms it implies: 'X (ABC)' gives 'X' and the acronym 'ABC'."""
    out = [(name, "name")]
    inner = _PAREN.findall(name)
    if inner:
        out.append((_PAREN.sub("", name).strip(), "name"))
        out += [(i, "acronym") for i in inner if acronym_of(i) and i.lower() not in ABBREVIATIONS]
    short = _RAS_SUFFIX.sub("", out[-1][0] if len(out) > 1 else name).strip(" ,")
    if short and short != name and len(tokens(short)) >= 2:
        out.append((short, "name"))
    bare = _RU_LEGAL_LATIN.sub("", name).strip(" ,'\"")
    if bare != name and len(tokens(bare)) >= 2:
        out.append((bare, "name"))
    out += [(f, "name") for f in state_form_bare(name, short)]
    plain = _EPONYM_EN.sub("", short or name).strip(" ,")  # "Ural Federal University named after … Yeltsin"
    if plain and plain != (short or name) and len(tokens(plain)) >= 2:
        out.append((plain, "name"))
    # "Tikhomirov … Instrument Design, JSC (a.k.a., JSC NIIP": the alias after "a.k.a." is a name of its
    # own, scored alone. The part before it starts the whole name, kept as it was: alone it also made one
    # firm's two listings hit each other (probe_ru6's hidden 'Mytishchinski Mashinostroitelny Zavod, OAO')
    parts = aka_parts(name)
    if not parts:
        return out
    for p in parts[1:]:
        out += [(p, "acronym")] if acronym_of(p) else name_forms(p)
    return [f for f in dict.fromkeys(out) if f[1] == "name" or f[0].lower() not in ABBREVIATIONS]


_AKA = re.compile(r"[\s,(]*\ba\.k\.a\b\.?,?\s*", re.IGNORECASE)


def aka_parts(name: str) -> list[str]:
    """The names a list name joins with "a.k.a." ("Surgutneftegas (a.k.a. Open Joint Stock Company
    Surgutneftegas", its bracket left open as the Entity List prints it): each is a name of the entry
    that the joined whole, scored as one name, dilutes. None where a side is empty or announces aliases
    given elsewhere ("…, a.k.a., the following two aliases:")."""
    m = _AKA.search(name)
    if not m:
        return []
    left = name[: m.start()].strip(" ,(")
    right = name[m.end():]
    if "(" in m.group():  # "X (a.k.a. Y) (DPRK individual)": the bracket the alias opens ends it
        right = right.split(")")[0]
    right = right.strip(" ,()\"'“”‘’")
    if not left or not right or name.rstrip().endswith(":") or right.lower().startswith("the following"):
        return []
    return [left, right]


def state_form_bare(name: str, short: str = "") -> list[str]:
    """`name` (and its form without the RAS, `short`) without a Russian state legal form spelt out at
    its start (_RU_LEGAL_EN): "Federal State Unitary Enterprise X" is listed, "ФГУП «X»" or "X" is
    written. None where what is left is one word or organisational words alone ("Federal State
    Unitary Enterprise Research Institute" names no one), or a phrase that starts "of" ("Federal State
    Budgetary Enterprise of the Administration of the President": the form is the whole name)."""
    out = []
    for base in dict.fromkeys(b for b in (name, short) if b):
        bare = _RU_LEGAL_EN.sub("", base).strip(" ,'\"")
        toks = tokens(bare)
        if (bare != base and len(toks) >= 2 and not set(toks) <= GENERIC_STEMS and bare not in out
                and not re.match(r"of\s", bare, re.IGNORECASE)):  # "…Enterprise of the Administration of the President"
            out.append(bare)
    return out


_EPONYM_EN = re.compile(r",?\s+(?:named after|imeni|im\.)\s+.*$", re.IGNORECASE)


# "…, Siberian Branch of the Russian Academy of Sciences": the parent, often left out in addresses.
_RAS_SUFFIX = re.compile(
    r",?\s+(?:of\s+)?(?:the\s+)?(?:(?:Siberian|Far East|Ural)\s+Branch,?\s+(?:of\s+)?(?:the\s+)?)?"
    r"Russian Academy of Sciences?(?:\s+\(RAS\))?$", re.IGNORECASE)


# -- affiliations ----------------------------------------------------------------------------
_POSTCODE = re.compile(r"\b[A-Z]{0,2}[- ]?\d{3,}[- ]?\d*\b")


def affiliation_country(last_segment: str) -> str | None:
    """Country of the last segment of an affiliation ('Peoples R China', 'Moscow 141700, Russia', 'MA 02139 USA')."""
    s = _POSTCODE.sub(" ", last_segment).strip(" .")
    words = s.split()
    if not words:
        return None
    for cand in (s, " ".join(words[-3:]), " ".join(words[-2:]), words[-1]):
        cc = country_code(cand)
        if cc:
            return cc
    return None


# the quotes a name is written in («…», “…”, „…“, ‘…’, "…"): opener -> its closer. A closer with no
# opener open is an apostrophe ("Children’s", Belarusian "аб’яднанне") and changes nothing.
_QUOTE_CLOSERS = {"«": "»", "“": "”", "„": "“", "‘": "’", '"': '"'}


def split_outside_quotes(text: str) -> list[str]:
    """`text` cut at its commas and semicolons, never inside quotes: "АО ‘ПРИБОРЫ, СЕРВИС, ТОРГОВЛЯ’" is
    one name, and its piece "АО ‘ПРИБОРЫ" (a quote opened and never closed) none. One closer ends the
    quotes of its kind open inside each other, as the lists often write them ("АО «НПК «Техмаш»"); a
    straight quote after a space opens one. A quote left open to the end keeps the rest whole."""
    parts, start, open_ = [], 0, []
    for i, ch in enumerate(text):
        if open_ and ch == open_[-1] and not (ch == '"' and (i == 0 or text[i - 1].isspace())):
            while open_ and open_[-1] == ch:  # one closer for nested quotes: «НПК «Техмаш», Москва
                open_.pop()
        elif ch in _QUOTE_CLOSERS:
            open_.append(_QUOTE_CLOSERS[ch])
        elif ch in ",;" and not open_:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def split_affiliation(text: str) -> tuple[list[str], str | None]:
    """Organisation segments of an affiliation string and its country (None if not found)."""
    t = re.sub(r"^\s*\[[^\]]*\]\s*", "", text).strip().rstrip(".")
    parts = [p.strip() for p in split_outside_quotes(t) if p.strip()]
    if len(parts) <= 1:
        return parts, None
    cc = affiliation_country(parts[-1])
    if cc:
        parts = parts[:-1]
    return parts, cc
