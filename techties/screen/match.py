"""Explainable matching of names against restricted-party lists (in the style of nomenklatura).

`Matcher(entries)` indexes every name and alias of every entry by normalised token; a query is
blocked to the aliases that share one of its rarer tokens, and each candidate is scored by small
pure features (`features`) combined by a versioned scoring function (`score_v1`). Every hit keeps
the features, the alias that matched, the form of the query that matched it (segment of an
affiliation, curated translation, glossary translation…) and the list's source and date.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from functools import cache, lru_cache

import msgspec
import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel
from unidecode import unidecode

from techties.screen import geo
from techties.screen.distinctive_ru import distinctive_hits
from techties.screen.hosted_zh import zh_hosted
from techties.screen.kinds_ru import (
    branch_core_company,
    core_of,
    en_kinds,
    kind_conflict,
    kind_initials_conflict,
    names_say_group,
    outside_cores,
    quoted_group,
    ru_kinds,
    unlisted_kinds,
)
from techties.screen.lists import ListEntry, country_code
from techties.screen.lookalikes_ru import (
    acronym_other_body,
    extra_kind_conflict,
    last_letter_other,
    one_body,
    one_word_each,
    other_body,
    weak_other_form,
)
from techties.screen.names import (
    ABBREVIATIONS,
    GENERIC_STEMS,
    GENERIC_WORDS,
    LEGAL_WORDS,
    STOPWORDS,
    ZH_ORG_END,
    ZH_SEAT_LEFT_OUT,
    acronym_of,
    english_variants,
    is_generic,
    name_forms,
    ru_variants,
    script_of,
    simplified,
    split_affiliation,
    token_words,
    tokens,
    translate_ru,
    zh_english_words,
    zh_long_words,
    zh_other_words,
    zh_seat,
    zh_without_address,
)
from techties.screen.places_ru import segment_country
from techties.screen.short_names_ru import CORE_NAME_SCORE, short_name_hits
from techties.screen.structure import (
    CORE_LEFT_OUT,
    LOANWORDS,
    PARENT_LEVEL,
    RU_COUNTRY_LEFT_OUT,
    acronym_spellings,
    city_left_out,
    cognate,
    cognate_prefix,
    core_kind_conflict,
    core_place_left_out,
    group_left_out,
    hidden_key,
    latin_company_families,
    parent_conflict,
    parse_ru,
    quoted_cores,
    ru_acronyms,
    ru_adjectives_only,
    ru_company_family,
    ru_initials,
    ru_kind_initials,
    ru_quotes,
    structural_features,
    zh_brand_alone,
    zh_group_english,
    zh_group_named,
    zh_homophone,
    zh_known_other,
    zh_leading_places,
    zh_no_trade_name,
    zh_other_characters,
    zh_sub_unit,
    zh_unit_number,
)
from techties.screen.translit import bgn_word
from techties.screen.twins import Twin, find_twins, twin_scores

ALGORITHM = "techties-match-v1"
def _latin_words(text: str) -> list[str]:
    """The whole Latin words of a name, lower case, hyphens splitting ("Almaz-Antey" -> almaz, antey)."""
    return re.findall(r"[a-z0-9]+", unidecode(text).lower().replace("'", ""))


_ACADEMY = re.compile(r"academy of sciences|\bRAN\b|\bRAS\b|akademii nauk", re.IGNORECASE)
# the regional branches of the Russian Academy of Sciences, as Russian names write them (СО / УрО / ДВО РАН, the
# genitive written out) and as the lists do ('Siberian Branch', 'SB RAS', 'SO RAN', 'Far East Branch', 'FEB RAS',
# 'DVO RAN': 'Rzhanov Institute of Semiconductor Physics, Siberian Branch …', 'IPMT FEB RAS', 'SKB SAMI DVO RAN')
_RAS_BRANCH_RU = {"siberian": re.compile(r"(?<![\w-])(?:со\s+ран|сибирского\s+отделения)(?![\w-])", re.IGNORECASE),
                  "ural": re.compile(r"(?<![\w-])(?:уро\s+ран|уральского\s+отделения)(?![\w-])", re.IGNORECASE),
                  "far east": re.compile(r"(?<![\w-])(?:дво\s+ран|дальневосточного\s+отделения)(?![\w-])",
                                         re.IGNORECASE)}
_RAS_BRANCH_EN = {"siberian": re.compile(r"siberian branch|\bSB RAS\b|\bSO RAN\b", re.IGNORECASE),
                  "ural": re.compile(r"ural branch|\bUB RAS\b|\bUrO RAN\b", re.IGNORECASE),
                  "far east": re.compile(r"far east(?:ern)? branch|\bFEB RAS\b|\bDVO RAN\b", re.IGNORECASE)}
DEFAULT_THRESHOLD = 0.85


def screening_threshold(value: float | None, option: str = "--threshold") -> float | None:
    """A screening (or classifier) threshold: a finite score in [0, 1]. `nan` would silently match nothing
    (every comparison with NaN is false), `-1` everything: both are usage errors (exit 2). One check for the
    CLI's `--threshold` and the Python API's `threshold=`."""
    if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
        from techties.errors import UsageError

        raise UsageError(f"{option} must be a number between 0 and 1, not {value}")
    return value
WEIGHT_OVERLAP, WEIGHT_FUZZY = 0.8, 0.2
COUNTRY_CONFLICT_PENALTY = 0.3
WEAK_ALIAS_CAP = 0.75  # an acronym or one-word alias alone is not enough without country agreement
PLACE_DISCOUNT = 0.25  # a city after a full name ("Harbin Inst Technol Shenzhen") is a campus
SHORT_TOKEN_WEIGHT = 0.3
UNMATCHED_MIN_WEIGHT = 3.0  # a word only one name has is a difference, however common the word
SOFT_MIN = 0.8  # token similarity at which a misspelt token still counts (scaled by similarity)
QUALIFIER_PENALTY = 0.12  # the list name adds a qualifier the query lacks: "Huawei Technologies (Bolivia) S.R.L."
LEGAL_FORM_PENALTY = 0.01  # per legal-form word that differs, at most three, when the query gives one
SQUASHED_SCORE = 0.95  # the same distinctive words, split differently (pinyin syllables run together)
WHOLE_NAME_SCORE = 0.98  # a query's reading and an alias word for word (0.99: as written but for case or marks)
PARENT_LEVEL_CAP = 0.88  # a parent matched because its sub-unit is not on the list
NUMBER_CONFLICT_CAP = 0.6  # "CETC 14th Research Institute" is not the 41st
PRUNE_SLACK = 1e-3  # `prune` keeps a candidate this close to its ceiling: scores are rounded to 4 digits
SAME_WORD_MIN = 0.85  # Indel similarity of two whole words' skeletons that makes them one word (`same_word`)
SURFACE_PENALTY = 0.01  # same tokens, other words: "Huawei Technology" for "Huawei Technologies"
ACRONYM_CONFIRM_MIN = 0.55  # a Cyrillic name's reading this close to an entry whose names write its acronym
ACRONYM_CONFIRMED_SCORE = 0.86  # … is that entry: the name and its own acronym agree
RU_FORM_CONFLICT_PENALTY = 0.2  # "ООО «Аэрокон»" is not "Joint Stock Company Aerokon": another legal entity
GENERIC_ADDED_MIN = 0.6  # a Cyrillic name's near miss whose alias adds only organisational words …
GENERIC_ADDED_SCORE = 0.86  # … is a hit: "TUSUR-Electronica Research Company" for «ТУСУР-Электроника»
RU_NEAR_DF = 5  # a Cyrillic query's token on this few aliases is a proper name, spelt several ways
COMPATIBLE = {frozenset({"CN", "HK"}), frozenset({"CN", "MO"}), frozenset({"RU", "UA"})}
# a name written in Cyrillic, with no country given, agrees with an entry of these countries (the former
# Soviet states, whose firms register Russian names: "ООО «ТАКО»" is Armenia's "Tako LLC"): enough to
# lift the cap on a short alias ("АО ‘УМЗ’" for "AO UMZ"), never a conflict with other countries
SCRIPT_COUNTRIES = {"ru": frozenset("RU BY UA KZ KG TJ UZ TM AZ AM GE MD".split())}
RU_LISTED_FORMS = frozenset({"RU", "BY"})  # entries whose English names `ru_unit_forms` reads
# where firms are named in Russian (the former Soviet states, Russian an official or business language
# there) or in another Cyrillic script (Bulgaria, Serbia, North Macedonia, Montenegro, Bosnia, Mongolia)
RU_WRITING_COUNTRIES = frozenset("RU BY UA KZ KG TJ UZ TM AZ AM GE MD LV LT EE BG RS MK ME BA MN".split())
# a name written in Chinese characters, with no country given, names an organisation of a country
# that writes Chinese, or a holding registered offshore (Megvii Technology Limited, Cayman Islands):
# an entry elsewhere ("Huawei Technology", Cairo) is a country conflict
ZH_SCRIPT_COUNTRIES = frozenset({"CN", "HK", "MO", "TW", "SG", "MY", "KY", "VG", "BM"})


class Alias(msgspec.Struct, frozen=True):
    entry: int  # index into Matcher.entries
    text: str
    kind: str  # name | alias | acronym
    toks: tuple[str, ...]
    dropped: str = ""  # a qualifier the list name has in parentheses, left out of this form ("Bolivia")
    legal: frozenset[str] = frozenset()  # legal-form words of the form (co, ltd, srl…)
    surface: str = ""  # the form as written, folded (see `surface`)


class Hit(msgspec.Struct, kw_only=True):
    """One list entry a query matched, and why."""

    query: str
    list_id: str
    list_name: str
    entry_id: str
    entry: str  # the entry's primary name
    score: float
    algorithm: str
    matched_alias: str
    alias_kind: str
    query_form: str  # the part or reading of the query that matched
    method: str  # as-is | name-table (source) | glossary | pinyin | transliteration
    features: dict[str, object]
    explanation: str
    entry_country: str | None = None
    program: str | None = None
    listed_on: str | None = None
    citation: str | None = None
    source: str = ""
    source_date: str | None = None


@cache
def place_stems() -> frozenset[str]:
    """Stems of one-word city names (GeoNames, population > 15k): campus qualifiers."""
    cities = geo.cities()
    out = set()
    for c in cities.values():
        if len(c["name"].split()) == 1:
            t = tokens(c["name"])
            if len(t) == 1:
                out.add(t[0])
    return frozenset(out)


# -- features: small pure functions ----------------------------------------------------------
_SKELETON = (("tch", "ch"), ("shch", "sh"), ("kh", "h"), ("ch", "h"), ("ph", "f"), ("ck", "k"), ("x", "ks"), ("c", "k"),
             ("w", "v"), ("y", "i"), ("j", "i"), ("ie", "e"), ("ii", "i"))
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)  # pure, and called per query token and alias word (`respell_ru`)
def skeleton(token: str) -> str:
    """A spelling key under which the romanisations of one Russian word meet the English spelling
    the lists use: "elektrosignal" / "electrosignal", "rosoboroneksport" / "rosoboronexport",
    "tekhno" / "techno"; doubled letters count once."""
    for a, b in _SKELETON:
        token = token.replace(a, b)
    if token.endswith("gaz"):  # "Сургутнефтегаз": the lists' 'Surgutneftegas' (газ, gas)
        token = token[:-1] + "s"
    return _DOUBLED.sub(r"\1", token)


def same_word(a: str, b: str) -> bool:
    """Two whole words behind one cut token are one word when their `skeleton`s differ only in an
    ending of at most two letters ("technology" / "technologies", "Elektrosignal" /
    "Electrosignal") or are spelt alike ("Aerokompozit" / "AeroComposit"), not "Geomir" /
    "Geomiragro", "Aerokon" / "Aerokompozit" or "Elektronika" / "Elektron"."""
    if _INITIALISM.match(a) or _INITIALISM.match(b):  # "GosNIIAS" / "GosNIIMash", "NII" / "NIII": initials differ
        return a == b
    a, b = skeleton(a), skeleton(b)
    if last_letter_other(a, b):
        return False  # "Mikrosan" / "Mikrosam"
    n = _common_prefix(a, b)
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and _ADJ_SUFFIX.fullmatch(long_[len(short):]):
        return True  # a name and its adjective: "Kalyazin" / "Kalyazinsky", "Zhukov" / "Zhukovskiy"
    return n >= max(len(a), len(b)) - 2 or Indel.normalized_similarity(a, b) >= SAME_WORD_MIN


# a word that starts with the initials of a research institute (NII, TsNII, VNII, GosNII): the rest is
# more initials, and one letter changes the institute
_INITIALISM = re.compile(r"(?:gos|ts|v)?nii")
_ADJ_SUFFIX = re.compile(r"sk(?:i|ii|ia|oe|ogo|oi|aia)?")  # after `skeleton`: y -> i


@lru_cache(maxsize=100_000)
def _token_words(text: str) -> dict[str, str]:
    return token_words(text)


@lru_cache(maxsize=10_000)
def generic_words(text: str) -> bool:
    """True when every whole word of a name is an organisational word (GENERIC_WORDS, or one
    spelt alike), not only its cut tokens."""
    return all(any(same_word(w, g) for g in _GENERIC_BY_STEM.get(t, ())) for t, w in _token_words(text).items())


_GENERIC_BY_STEM: dict[str, list[str]] = defaultdict(list)
for _g in GENERIC_WORDS:
    _GENERIC_BY_STEM[tokens(_g)[0] if tokens(_g) else _g].append(_g)


def ru_descriptive(text: str) -> bool:
    """True for a Russian name of organisational words alone (GENERIC_WORDS once read by the
    glossary) with no legal form, quotes or parentheses ("Новые Технологии", new technologies): it
    says what is done, not who does it, and is no firm's name, though a firm listed with those words
    ("Novyye Tekhnologii, LLC") transliterates them alike. "ООО «Центр»" names a firm."""
    if re.search(r"[«»\"“”„‘’'()]", text) or parse_ru(text).legal:
        return False
    eng = translate_ru(text)
    return bool(_token_words(eng)) and generic_words(eng)


def _other_words(text: str, earlier: Sequence[dict[str, str]]) -> bool:
    """True when a form cut to the tokens of earlier forms has other whole words than each of them
    ("Novastrim" beside "Novastream"): `cut_collisions` compares a Cyrillic query with both."""
    words = _token_words(text)
    return all(any(not same_word(w, ew.get(t, w)) for t, w in words.items()) for ew in earlier)


def cut_collisions(query_text: str, alias_text: str, pairs: Sequence[tuple[str, str, float]]) -> list[str]:
    """Tokens that pair only because two different words were cut to the same letters."""
    q = {skeleton(k): w for k, w in _token_words(query_text).items()}  # a respelled token meets its word
    a = _token_words(alias_text)
    return [t for t, u, _ in pairs
            if t == u and t in a and skeleton(t) in q and not same_word(q[skeleton(t)], a[t])]


def token_similarity(a: str, b: str) -> float:
    """1 for equal tokens; normalised Indel similarity for long tokens (typos), else 0."""
    if a == b:
        return 1.0
    if len(a) < 5 or len(b) < 5 or a.isdigit() or b.isdigit():
        return 0.0
    s = Indel.normalized_similarity(a, b)
    return s if s >= SOFT_MIN else 0.0


def align_tokens(q: Sequence[str], a: Sequence[str], known: frozenset[str] | dict = frozenset()
                 ) -> tuple[list[tuple[str, str, float]], list[str], list[str]]:
    """Pairs of matching tokens (exact first, then misspelt ones), and the leftovers. Only a query
    token the lists never use ("jiaotong" against "Jiatong") may pair with a similar one."""
    a_left = [t for t in a if t not in q]
    pairs = [(t, t, 1.0) for t in q if t in a]
    q_left = [t for t in q if t not in a]
    for t in list(q_left):
        if t in known or len(t) < 5 or not a_left:
            continue
        best = max(((token_similarity(t, u), u) for u in a_left), default=(0.0, ""))
        if best[0] > 0:
            pairs.append((t, best[1], best[0]))
            q_left.remove(t)
            a_left.remove(best[1])
    return pairs, q_left, a_left


def campus_tokens(q: Sequence[str], q_left: Sequence[str], a_left: Sequence[str], places: frozenset[str]) -> list[str]:
    """City names trailing a fully matched name: "Harbin Inst Technol Shenzhen" is a campus of
    Harbin Institute of Technology (a leading city, "Moscow Inst …", is part of the name)."""
    if a_left or not q_left:
        return []
    trailing: list[str] = []
    for t in reversed(q):
        if t not in q_left or t not in places:
            break
        trailing.append(t)
    return trailing if len(trailing) < len(q) else []


class _Every(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


_EVERY_TOKEN = _Every()


def long_words_agree(words: Sequence[tuple[str, bool]], alias: Alias, alias_tokens: frozenset[str]) -> bool:
    """Every long word of a Chinese reading whose six-letter token the alias shares is that word of
    the alias: the same pinyin word (a letter's typo aside: "Shijianzhuang"), or an English word
    that differs at most in its last three letters from the alias's ("computing" /
    "computational", not "intelligent" / "Intellifusion"; see names.zh_long_words) and no word
    of another Chinese word ("electric" 电气 / "electronic" 电子, names.zh_other_words)."""
    alias_words = alias_words_of(alias.text, alias.surface)
    for w, pinyin in words:
        t = tokens(w)
        if not t or t[0] not in alias_tokens:
            continue
        same = [a for a in alias_words if tokens(a)[:1] == t[:1]]
        if pinyin and not any(a == w or (len(w) >= 8 and Indel.distance(a, w) <= 1) for a in same):
            return False
        if (not pinyin and same and w not in ABBREVIATIONS
                and not any((_common_prefix(w, a) >= min(len(w), len(a)) - 3 and not zh_other_words(w, a))
                            or a in ABBREVIATIONS for a in same)):
            return False
    return True


@lru_cache(maxsize=10_000)
def eponym_key(text: str) -> str | None:
    """The first letters of the surname a Russian name is named after, by `skeleton` ("ПАО «РКК
    «Энергия» имени С.П. Королёва»" -> "korol"), None without one."""
    ep = parse_ru(text).eponym
    if not ep:
        return None
    surname = re.sub(r"[^a-z]", "", unidecode(bgn_word(ep.split()[-1])).lower())
    return skeleton(surname)[:5] or None


def eponym_elsewhere(key: str | None, names: Sequence[str]) -> bool:
    """The query's eponym (`eponym_key`) is in none of an entry's names: a quoted core read alone
    ("Energiya" of «Ракетно-космическая корпорация «Энергия» имени С.П. Королёва») then names another
    firm of that word ('JSC Energiya'); the lists write a firm's eponym when they know it ('S.A.
    Lavochkin Scientific Production Association', 'M.V. Frunze Arsenal Design Bureau')."""
    return key is not None and not any(key in skeleton(unidecode(n).lower()) for n in names)


def respelt_brand(text: str, alias: Alias) -> bool:
    """A one-word alias whose word the reading `text` of a Cyrillic name only spells near, not
    alike: "InfoTeKS" (ИнфоТеКС) and 'Infotec' (a UAE trader) are cut to one token. For an entry
    of a country that writes no Cyrillic that is another firm; the very word may still be a Russian
    firm's holding abroad ('Stroytransgaz Holding', CY, for ОАО «Стройтрансгаз»)."""
    if len(alias.toks) != 1:
        return False
    word = _token_words(alias.text).get(alias.toks[0])
    return word is not None and skeleton(word) not in {skeleton(w) for w in _token_words(text).values()}


@lru_cache(maxsize=10_000)
def alias_words_of(text: str, surface: str) -> tuple[str, ...]:
    """The whole words of an alias as written, and for a Chinese alias (China's counter-sanctions
    sheet writes US firms in Chinese) those of its readings, pinyin words unsplit."""
    if script_of(text) != "zh":
        return tuple(surface.split())
    return tuple(dict.fromkeys(w for eng, _ in english_variants(text) for w in re.split(r"[^a-z0-9]+",
                                                                                        unidecode(eng).lower()) if w))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@cache
def zh_place_stems() -> frozenset[str]:
    """Tokens of Chinese city and province names (GeoNames, structure.ZH_PROVINCES): the place a
    Chinese company name starts with."""
    from techties.screen.structure import zh_place_names

    return frozenset(t for v in zh_place_names().values() for t in tokens(v) if len(t) > 2)


@lru_cache(maxsize=10_000)
def zh_own_places(text: str) -> frozenset[str]:
    """Tokens of the places a Chinese name starts with ("深圳市海思半导体有限公司" -> {"shenzh"})."""
    return frozenset(t for p in zh_leading_places(text)[0] for t in tokens(p))


def other_lead_place(text: str, lead: str | None) -> bool:
    """The alias starts with a place the query leaves out (`alias_lead_place`) and the Chinese query
    starts with another: 深圳市海思半导体 (Shenzhen) is not 'Shanghai HiSilicon Technologies Co., Ltd.'
    (the list has both HiSilicon firms); a query without a place says nothing."""
    own = zh_own_places(text) if lead else frozenset()
    return bool(own) and lead not in own


_EN_UNIT_NUMBER = re.compile(r"\b(?:No\.\s*)?(\d+|First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth)"
                             r"(?:st|nd|rd|th)?\s+(?:Research\s+)?(?:Institute|Academy|Factory|Test Center)\b"
                             r"|\b(?:Institute|Academy|Factory)\s+(?:No\.\s*)?(\d+)\b|\b[A-Z]{3,6}[- ]?(\d+)\b")
_ORDINAL_NUMBER = {w: str(i) for i, w in enumerate(
    "First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth".split(), start=1)}


def _unit_numbers(names: Sequence[str]) -> set[str]:
    """The unit numbers English names write: "12th Research Institute", "CETC 14", "Institute 625", "First
    Academy" (as "1")."""
    return {str(int(y)) if y.isdigit() else y  # "CETC-07" is the 7th
            for n in names for m in _EN_UNIT_NUMBER.finditer(n) for x in m.groups() if x
            for y in [_ORDINAL_NUMBER.get(x, x)]}


def numbers_differ(ours: Collection[str], theirs: Collection[str], unnumbered: bool = False) -> bool:
    """Two names' numbers name other units: each has a number the other lacks ("CETC 14th" and the 41st; {9, 771}
    and {9, 772}, CASC's 9th academy's 771st and 772nd). A side without numbers says nothing, unless `unnumbered`:
    then `ours` without any against numbered `theirs` differs too (a group's acronym is no reading of its 12th
    institute). The one comparison of unit numbers: a query form's tokens against an alias's (`Matcher.compare`),
    the number the tables give a Chinese name (`other_unit_number`) and a reading's (`other_unit_numbers`) against
    the numbers an entry's names write."""
    if not theirs:
        return False
    if not ours:
        return unnumbered
    return bool(set(ours) - set(theirs)) and bool(set(theirs) - set(ours))


def other_unit_number(number: int | None, names: Sequence[str]) -> bool:
    """The entry's names number a unit ("… (CSSC) 726th Research Institute", "CETC 14", "State-owned 750
    Factory") and none with `number`, the number the tables give the query's unit (`zh_unit_number`): a
    word-for-word reading of 上海船舶设备研究所 (CSSC's 704th, 'shanghai ship equipment research institute') is not
    the 726th's 'Shanghai Ship Electronic Equipment Research Institute'."""
    return number is not None and numbers_differ({str(number)}, _unit_numbers(names))


def other_unit_numbers(reading: str, names: Sequence[str]) -> bool:
    """The entry's names number a unit (`_EN_UNIT_NUMBER`) and the reading says none of those numbers, or others:
    a group's acronym read from a unit's name ("CSIC" of "China State Shipbuilding Corporation, Limited (CSSC)
    12th Research Institute") names the group, and the group's name is no reading of the 12th institute."""
    ours = {str(int(d)) for d in re.findall(r"\d+", reading)}
    return numbers_differ(ours, _unit_numbers(names), unnumbered=True)


def alias_adds_words(missing: Sequence[str], places: Collection[str]) -> bool:
    """The alias has a word, neither a place nor a legal form (tokens drop those), that a sourced table's reading
    (`tabled`: a name table's English name of the organisation, or its structure's) lacks: the table names the
    body in full, so an alias one word longer names another ('China National Chemical Engineering Group
    Corporation' is CNCEC, not ChemChina's 'China National Chemical Corporation'; '… subordinate institution: North
    China Integrated Circuit Corporation' is not '… Bowei Integrated Circuits'; the PLA Air Force, 中国人民解放军空军,
    is not its 'Air Force Engineering University'). A place the reading leaves out is the body's seat or campus,
    read apart (`alias_lead_place`, `campus_tokens`)."""
    return any(t not in places for t in missing)


_ALIAS_BRACKET = re.compile(r"\(([^()]+)\)")


def other_seat(text: str, qualifier: str, alias_text: str, places: Collection[str]) -> bool:
    """The alias qualifies its firm by a place in brackets that the query leaves out, dropped from the alias
    (`form_differences`) or in the alias or its entry's name as written (`alias_text`: 'Semiconductor
    Manufacturing International (Shenzhen) Corporation'; 'Langchao Electronic Information Industry Co., Ltd.'
    of 'Inspur (Beijing) Electronic Information Industry Co., Ltd.'), while the Chinese name writes a seat of
    its own, leading or in brackets (`zh_seat`: 中芯国际集成电路制造（北京）有限公司): that alias is the brand's
    firm of another city. A bracket that is no place (a legal form, a country's firm abroad) says nothing."""
    from techties.screen.structure import zh_place_names

    brackets = [qualifier, *_ALIAS_BRACKET.findall(alias_text)]
    q = next((t for t in (tokens(b) for b in brackets if b) if t and all(w in places for w in t)), ())
    if not q:
        return False
    m = zh_seat(simplified(text))
    own = zh_own_places(simplified(text)) | (frozenset(tokens(zh_place_names()[m.group(1)])) if m else frozenset())
    return bool(own) and not set(q) & own


def group_member(text: str, lead: str | None, alias_text: str) -> bool:
    """A Chinese group's name (集团) against an alias that starts with a place the query leaves out
    (`alias_lead_place`) and has no "Group": the list's name of a member firm, not of the group
    (熊猫电子集团 is 'Panda Electronics Group Co., Ltd.', not its listed 'Nanjing Panda Electronics
    Company Limited'; 'China Electronics Technology Group Corporation' keeps its place-named units)."""
    return bool(lead) and "集团" in text and not _GROUP_WORD.search(alias_text)


_GROUP_WORD = re.compile(r"\bgroup\b", re.IGNORECASE)
_GROUP_LAST = re.compile(r"\bgroup(?:\W+(?:company|corporation|corp|co|ltd|limited))*\W*$", re.IGNORECASE)
_CORPORATION = re.compile(r"\b(?:corporation|corp)\b", re.IGNORECASE)
_COMPANY_FORM = re.compile(r"\b(?:company|co)\b\W+(?:limited|ltd)\b", re.IGNORECASE)


def group_not_company(text: str, reading: str, alias_text: str) -> bool:
    """A reading of a Chinese name that ends in its group (集团, "… Group") against a list name of a
    company limited with neither "Group" nor "Corporation": the group's listed company, another legal
    person (中国船舶重工集团公司, CSIC the group, is not 'China Shipbuilding Industry Company Limited', its
    listed arm 中国重工; the lists write a group "… Group" or "… Corporation", CASC and CETC alike), whether the
    name writes 集团 or is a group's short name of defence_groups.yaml (中船重工, `zh_group_named`). A name
    that is itself a company limited (集团股份有限公司) says nothing, nor does a bracketed （集团）, a company's
    registered form that the lists leave out ('CETC Chip Technology Co., Ltd.' for 中电科芯片技术（集团）有限公司).
    The matcher drops such a hit for a unit of the group (its parent level) and caps it at the parent
    level's score, said in the explanation, for the group itself: the group's listed arm is news to a
    screener, not the group's own listing."""
    bare = re.sub(r"[（(]集团[）)]", "", text)
    return (("集团" in bare or zh_group_named(text)) and "股份" not in text and bool(_GROUP_LAST.search(reading))
            and not _GROUP_WORD.search(alias_text) and not _CORPORATION.search(alias_text)
            and bool(_COMPANY_FORM.search(alias_text)))


def _company_key(name: str) -> str:
    return " ".join(w for w in re.split(r"[^a-z0-9]+", unidecode(name).lower())
                    if w and w not in ("group", "company", "co", "ltd", "limited", "corporation", "corp", "the", "of"))


def another_groups_company(group_names: Sequence[str], alias_text: str) -> bool:
    """The query is a known group (`structure.zh_group_english`: its English names) and the listed company is
    named after none of them: 'China Shipbuilding Industry Company Limited' is CSIC's ('China Shipbuilding
    Industry Group'), not the company of 中国船舶工业集团公司 ('China State Shipbuilding Corporation') that a
    word-for-word reading ("china shipbuilding industry group company") makes look alike."""
    return bool(group_names) and _company_key(alias_text) not in {_company_key(n) for n in group_names}


def alias_lead_place(a: Sequence[str], q: Sequence[str], a_left: Sequence[str], places: frozenset[str]) -> str | None:
    """The place a list name of a Chinese company starts with when a Chinese query leaves it out
    and matches the rest ("宇树科技" for "Hangzhou Yushu Technology Co., Ltd."): counted a quarter."""
    if a and a[0] in places and a[0] in a_left and a[0] not in q and not set(q) & places:
        return a[0]
    return None


def weighted_overlap(pairs, q_left, a_left, weight, discounted: Sequence[str] = (), alias_weight=None,
                     alias_discounted: Sequence[str] = ()) -> float:
    """Rarity-weighted share of the tokens of both names that agree (1 = same tokens); campus
    tokens count a quarter, and so do `alias_discounted` ones (a Chinese company's place that
    the query leaves out). `alias_weight` weighs the alias tokens left unmatched."""
    alias_weight = alias_weight or weight
    matched = sum(weight(q) * s for q, _, s in pairs)
    extra = sum(max(weight(t), UNMATCHED_MIN_WEIGHT * (len(t) > 2)) * (PLACE_DISCOUNT if t in discounted else 1.0)
                for t in q_left)
    missing = sum(max(alias_weight(t), UNMATCHED_MIN_WEIGHT) * (PLACE_DISCOUNT if t in alias_discounted else 1.0)
                  for t in a_left)
    total = matched + extra + missing
    return matched / total if total else 0.0


def fuzzy_ratio(q: Sequence[str], a: Sequence[str]) -> float:
    """rapidfuzz token-sort ratio of the normalised names, 0..1."""
    return fuzz.token_sort_ratio(" ".join(q), " ".join(a)) / 100.0


def ras_branch_ru(text: str) -> str | None:
    """The regional branch of the Academy a Russian name states ("Институт прикладной математики ДВО РАН":
    "far east"), or None."""
    return next((k for k, rx in _RAS_BRANCH_RU.items() if rx.search(text)), None)


def other_ras_branch(branch: str | None, names: Sequence[str]) -> bool:
    """A query of one Academy branch against an entry of the Academy that states another branch or none (an
    institute of the Academy itself): "Институт прикладной математики ДВО РАН" (Vladivostok) is not the
    'Keldysh Institute of Applied Mathematics of the Russian Academy of Sciences' (Moscow). An entry whose
    names do not state the Academy says nothing of its branch."""
    if branch is None or not any(_ACADEMY.search(n) for n in names):
        return False
    stated = {k for k, rx in _RAS_BRANCH_EN.items() for n in names if rx.search(n)}
    return branch not in stated


def country_relation(query_country: str | None, entry_country: str | None) -> str:
    """agree | conflict | compatible | unknown."""
    if not query_country or not entry_country:
        return "unknown"
    if query_country == entry_country:
        return "agree"
    if frozenset({query_country, entry_country}) in COMPATIBLE:
        return "compatible"
    return "conflict"


def score_v1(overlap: float, fuzzy: float, country: str, weak_alias: bool, generic_alias: bool = False) -> float:
    """techties-match-v1: 0.8 x weighted token overlap + 0.2 x fuzzy ratio; a country conflict costs
    0.3; an acronym or short one-word alias is capped at 0.75 unless the countries agree, an alias
    of organisational words only ("Institute of Physics") always."""
    s = WEIGHT_OVERLAP * overlap + WEIGHT_FUZZY * fuzzy
    if country == "conflict":
        s -= COUNTRY_CONFLICT_PENALTY
    if (weak_alias and country != "agree") or generic_alias:
        s = min(s, WEAK_ALIAS_CAP)
    return round(max(0.0, min(1.0, s)), 4)


# -- the matcher -----------------------------------------------------------------------------
_SHORT = 6  # tokens this long or shorter are looked up by their deletions (`Matcher.near_tokens`)
PRUNE_ARRAY_MIN = 16  # candidates from which `Matcher.prune` computes its tighter ceiling over arrays


def _deletions(token: str) -> set[str]:
    """The token and every string one letter shorter that it contains."""
    return {token} | {token[:i] + token[i + 1:] for i in range(len(token))}


def _padded(rows: list[list[int]], pad: int) -> np.ndarray:
    """Rows of ids as one array, short rows filled with `pad`."""
    out = np.full((len(rows), max([1, *map(len, rows)])), pad, dtype=np.intp)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


class Matcher:
    """An index of list entries; `screen(name)` returns the entries a name matches, explained."""

    def __init__(self, entries: Iterable[ListEntry], threshold: float = DEFAULT_THRESHOLD,
                 block_max_share: float = 0.0025):
        self.entries: list[ListEntry] = infer_countries(list(entries))
        self.threshold = threshold
        self.aliases: list[Alias] = []
        self._squash: dict[str, list[int]] = {}  # distinctive words run together -> aliases
        units = ru_unit_forms(self.entries)
        ru = RU_LISTED_FORMS
        for i, e in enumerate(self.entries):
            seen: dict[tuple[str, ...], list[dict[str, str]]] = {}
            forms = name_forms(e.name) + [f for a in e.aliases for f in _alias_forms(a)] + units.get(i, [])
            for text, kind in forms:
                dropped = dropped_qualifier(e.name, text) if kind == "name" else ""
                for eng, _method in english_variants(text):
                    toks = tokens(eng)
                    if toks and (toks not in seen or (e.country in ru and _other_words(eng, seen[toks]))):
                        # only a Russian entry's forms compare their words (`_other_words`)
                        seen.setdefault(toks, []).append(_token_words(eng) if e.country in ru else {})
                        self.aliases.append(Alias(i, text, kind, toks, dropped, legal_words(text), surface(text)))
                        sq = squashed(eng)
                        if sq:
                            self._squash.setdefault(sq, []).append(len(self.aliases) - 1)
        self._short_aliases: list[set[str]] = [set() for _ in self.entries]
        for a in self.aliases:
            if len(a.toks) == 1:
                self._short_aliases[a.entry].add(a.toks[0])
        self._alias_sets = [frozenset(a.toks) for a in self.aliases]
        self._own = [self._short_aliases[a.entry] for a in self.aliases]  # per alias, for `prune`
        self.postings: dict[str, list[int]] = defaultdict(list)
        for j, a in enumerate(self.aliases):
            for t in a.toks:
                self.postings[t].append(j)
        n = len(self.aliases)
        self._max_weight = 1.0 + math.log((n + 1) / 1)
        self._weights = {t: 1.0 + math.log((n + 1) / (len(p) + 1)) for t, p in self.postings.items()}
        self.block_max_df = max(20, int(block_max_share * n))
        # per alias: floored weight of its tokens, and prefix sums of the heaviest (for `prune`)
        self._floor_w = {t: max(self.rarity(t), UNMATCHED_MIN_WEIGHT) for t in self.postings}
        self._alias_w = [sum(self._floor_w[t] for t in a) for a in self._alias_sets]
        self._top_w: list[list[float]] = []
        for a in self._alias_sets:
            ws = sorted((self._floor_w[t] for t in a if len(t) >= 5), reverse=True)
            acc, pref = 0.0, [0.0]
            for x in ws:
                acc += x
                pref.append(acc)
            self._top_w.append(pref)
        self._places = place_stems()
        self._spellings: dict[str, list[str]] = defaultdict(list)  # skeleton -> the list's spellings
        for t in self.postings:
            if len(t) >= 4 and not t.isdigit():  # "exim" / "eksim"
                self._spellings[skeleton(t)].append(t)
        self._soft_vocab = [t for t in self.postings if len(t) >= 5 and not t.isdigit()]  # see `near_tokens`
        self._long_vocab = [t for t in self._soft_vocab if len(t) > _SHORT]
        self._deletion_index: dict[str, list[str]] = defaultdict(list)
        for t in self._soft_vocab:
            if len(t) <= _SHORT:
                for d in _deletions(t):
                    self._deletion_index[d].append(t)
        self._near: dict[str, frozenset[str]] = {}
        self._respell_cache: dict[str, tuple[str, ...]] = {}  # see `_respellings`
        self._plan_cache: dict[tuple[tuple[str, ...], str], tuple] = {}  # see `_respell_plan`
        self._word_index: tuple[dict[str, set[int]], dict[str, set[int]]] | None = None  # `_alias_word_index`
        # the same per-alias facts as arrays, for `_array_ceiling`
        self._tok_id = {t: i for i, t in enumerate(self.postings)}
        pad = len(self._tok_id)  # no token's id: `_array_ceiling` maps it to no query token
        self._alias_ids = _padded([[self._tok_id[t] for t in a] for a in self._alias_sets], pad)
        self._own_ids = _padded([[self._tok_id[t] for t in o] for o in self._own], pad)
        self._alias_w_arr = np.array(self._alias_w)
        width = max(map(len, self._top_w), default=1)
        self._top_arr = np.array([p + [p[-1]] * (width - len(p)) for p in self._top_w], dtype=float).reshape(-1, width)
        self._lead_off: np.ndarray | None = None  # see `_lead_off_arr`
        self._cache: dict[tuple, list[tuple[int, float, dict, str]]] = {}
        self._unlisted: frozenset[str] | None = None  # kinds no list name writes (kinds_ru.unlisted_kinds)
        self._list_words: frozenset[str] | None = None  # every Latin word of the names (list_words)
        self._skeletons: list[list[str]] | None = None  # entry -> its names by `skeleton` (eponym_core_hits)
        # RU/BY entry -> (tokens, kinds) of each of its names (kind_core_hits)
        self._name_kinds: list[list[tuple[frozenset[str], frozenset[str]]]] | None = None
        # query -> its `kind_core_entry` (read by the last fallbacks of a query twice: cached)
        self._kind_core: dict[tuple[str, str | None], tuple[int, frozenset[str], set[str], str] | None] = {}
        self._families: dict[int, frozenset[str]] = {}  # entry -> company-form families (Cyrillic queries only)
        self._acronyms: dict[str, set[int]] | None = None  # Latin acronym -> entries (Cyrillic queries only)
        self._lookalikes: dict[int, str] | None = None  # see `lookalike_aliases` (Cyrillic queries only)
        self._found_cache: dict[tuple[tuple[str, ...], bool], list[int]] = {}
        self.twins = find_twins(self.entries)  # one organisation listed more than once (twins.py)

    @property
    def _zh_places(self) -> frozenset[str]:
        """Chinese place tokens, read (GeoNames) only when a Chinese query needs them."""
        return zh_place_stems()

    def _lead_off_arr(self) -> np.ndarray:
        """Per alias: the weight a leading Chinese place that a query leaves out does not count
        (`prune` for a Chinese company's name), made on first use."""
        if self._lead_off is None:
            places = self._zh_places
            self._lead_off = np.array([(1 - PLACE_DISCOUNT) * self._floor_w[a.toks[0]] if a.toks[0] in places else 0.0
                                       for a in self.aliases])
        return self._lead_off

    def weight(self, token: str) -> float:
        """Rarity of a token among all list names: 1 for the commonest, more for rarer ones;
        one- or two-letter tokens (initials: "PN Lebedev Phys Inst") weigh little."""
        if len(token) <= 2 and not token.isdigit():
            return SHORT_TOKEN_WEIGHT
        return self.rarity(token)

    def rarity(self, token: str) -> float:
        """1 + log(aliases / aliases with the token): the plain rarity weight."""
        return self._weights.get(token, self._max_weight)

    def spellings_ru(self, toks: tuple[str, ...]) -> tuple[str, ...]:
        """For a Cyrillic query: the list spellings with a token's `skeleton` (also of a token the
        lists use: "elektr" for "Electrosignal") and its translation variants ("zavod" for "plant")."""
        out = [v for t in toks for v in (*self._spellings.get(skeleton(t), ()), *ru_variants().get(t, ()))
               if v != t]
        return tuple(dict.fromkeys(out))

    def spelling_candidates(self, toks: tuple[str, ...]) -> set[int]:
        """Blocking by the list spellings of a Cyrillic query's tokens (`spellings_ru`), word by word:
        blocked together, a rare variant of one word ("device" for "instruments") left out the only
        variant another word has ("manufacturing" for "making")."""
        out: set[int] = set()
        for t in toks:
            alt = self.spellings_ru((t,))
            if alt:
                out |= self.candidates(alt)
        return out

    def respell_ru(self, toks: tuple[str, ...], j: int, eng: str = "") -> tuple[str, ...]:
        """A token of a Cyrillic query's reading that alias j lacks takes the alias's spelling of the
        same word: same `skeleton`, or another English word for the same Russian word (ru_variants);
        `cut_collisions` then checks that the whole words agree. A word the glossary left
        transliterated and the lists never use takes the alias's word it is a `cognate` of
        ("kvantovoy" / "Quantum", "kompozitsionnykh" / "Composite"). A rare word (RU_NEAR_DF) whose
        whole word has the `skeleton` of an alias's whole word is that word, though cut otherwise
        ("Papilon" / "IT-Papillon": "papilo" / "papill"); `eng` gives the whole words."""
        plan, moved = self._respell_plan(toks, eng)
        if j not in moved:
            return tuple(dict.fromkeys(toks))
        a = self._alias_sets[j]
        out = []
        for t, alts, by_alts, by_words in plan:
            if t not in a:  # what follows only changes a token the alias lacks
                if j in by_alts:
                    t = next((v for v in alts if v in a), t)
                if t not in a and j in by_words:
                    t = self._respell_by_words(t, j, toks, eng)
            out.append(t)
        res = tuple(dict.fromkeys(out))
        if len(res) < len(out):  # two tokens respelt alike (the reading's tokens are distinct): one alias word each
            res = tuple(dict.fromkeys(one_word_each([p[0] for p in plan], out, skeleton)))
        return res

    def respell_each(self, toks: tuple[str, ...], cands: Iterable[int], eng: str = "") -> dict[int, tuple[str, ...]]:
        """`respell_ru` for every candidate alias, those that cannot respell any token (`_respell_plan`)
        given the reading as it is at once."""
        _, moved = self._respell_plan(toks, eng)
        same = tuple(dict.fromkeys(toks))
        return {j: self.respell_ru(toks, j, eng) if j in moved else same for j in cands}

    def _respell_by_words(self, t: str, j: int, toks: tuple[str, ...], eng: str) -> str:
        """`respell_ru` by whole words, for a token no list spelling respelt: a `cognate`, then a
        rare word's `skeleton`."""
        words = _token_words(eng) if eng else {}
        a = self._alias_sets[j]
        if t not in a and t not in self.postings and len(t) >= 5 and t in words:
            t = next((u for u, w in _token_words(self.aliases[j].text).items()
                      if u not in toks and cognate(words[t], w)), t)
        if t not in a and t in words and len(words[t]) >= 5 and len(self.postings.get(t, ())) <= RU_NEAR_DF:
            key = skeleton(words[t])
            t = next((u for u, w in _token_words(self.aliases[j].text).items()
                      if u not in toks and skeleton(w) == key), t)
        return t

    def _respell_plan(self, toks: tuple[str, ...], eng: str
                      ) -> tuple[list[tuple[str, tuple[str, ...], set[int], set[int]]], set[int]]:
        """What `respell_ru` may do to each token of a reading, whatever the alias: the list spellings
        it may take (`_respellings`, not already a token of the reading) and the aliases that have
        one, and the aliases that have a whole word `_respell_by_words` may respell it to (none have
        one they are not in: a `cognate` shares the `cognate_prefix`, a rare word's match its
        `skeleton`); and the aliases that may respell any token at all: the others leave the reading
        as it is. Worked out once per reading, not once per candidate; kept for the last few
        queries' readings only (the sets are large)."""
        key = (toks, eng)
        plan = self._plan_cache.get(key)
        if plan is None:
            words = _token_words(eng) if eng else {}
            by_prefix, by_skeleton = self._alias_word_index()
            plan = []
            for t in toks:
                alts = tuple(v for v in self._respellings(t) if v not in toks) if len(t) >= 3 else ()
                by_words: set[int] = set()
                if t not in self.postings and len(t) >= 5 and t in words:
                    by_words |= by_prefix.get(cognate_prefix(words[t]), set())
                if t in words and len(words[t]) >= 5 and len(self.postings.get(t, ())) <= RU_NEAR_DF:
                    by_words |= by_skeleton.get(skeleton(words[t]), set())
                by_alts = set().union(*(self.postings.get(v, ()) for v in alts))
                plan.append((t, alts, by_alts, by_words))
            moved = set().union(*(by_alts | by_words for _, _, by_alts, by_words in plan))
            plan = (plan, moved)
            if len(self._plan_cache) >= 256:
                self._plan_cache.clear()
            self._plan_cache[key] = plan
        return plan

    def _alias_word_index(self) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
        """The aliases by the `cognate_prefix`, and by the `skeleton`, of each of their whole words
        (`_respell_plan`); built on the first Cyrillic query."""
        if self._word_index is None:
            by_prefix: dict[str, set[int]] = defaultdict(set)
            by_skeleton: dict[str, set[int]] = defaultdict(set)
            for j, alias in enumerate(self.aliases):
                for w in _token_words(alias.text).values():
                    by_prefix[cognate_prefix(w)].add(j)
                    by_skeleton[skeleton(w)].add(j)
            self._word_index = (dict(by_prefix), dict(by_skeleton))
        return self._word_index

    def _respellings(self, token: str) -> tuple[str, ...]:
        """The list spellings with a token's `skeleton`, then its translation variants (sorted): what
        `respell_ru` tries, in that order, for every alias; cached per token, as the lists are fixed."""
        hit = self._respell_cache.get(token)
        if hit is None:
            hit = (*self._spellings.get(skeleton(token), ()), *sorted(ru_variants().get(token, ())))
            if len(self._respell_cache) < 200_000:
                self._respell_cache[token] = hit
        return hit

    def form_conflict_ru(self, family: str | None, entry: int) -> bool:
        """A Cyrillic query's company form (`ru_company_family`) that none of the entry's names states,
        when they state one: "ООО" against an entry listed only as a joint-stock company."""
        if family is None:
            return False
        if entry not in self._families:
            e = self.entries[entry]
            self._families[entry] = latin_company_families((e.name, *e.aliases))
        fams = self._families[entry]
        return bool(fams) and family not in fams

    def acronym_index(self) -> dict[str, set[int]]:
        """Latin acronyms in the entries' names and aliases (a word of three letters or more with two
        capitals or more: "VKBR", "GosNIIAS", "TsNII"; an all-capitals alias with its spaces left
        out: "VZ RTO"), lower case -> entries; built on the first Cyrillic query that gives one."""
        if self._acronyms is None:
            self._acronyms = defaultdict(set)
            for i, e in enumerate(self.entries):
                for n in (e.name, *e.aliases):
                    for w in _LATIN_ACRONYM.findall(n):
                        self._acronyms[w.lower()].add(i)
                    if _SPACED_ACRONYM.fullmatch(n.strip()):
                        self._acronyms[re.sub(r"\W", "", n).lower()].add(i)
        return self._acronyms

    def lookalike_aliases(self) -> dict[int, str]:
        """Aliases that are a Cyrillic name typed in the Latin letters that look like it, read back
        (`lookalike_cyrillic`): alias -> its Cyrillic; built on the first Cyrillic query."""
        if self._lookalikes is None:
            self._lookalikes = {}
            for j, a in enumerate(self.aliases):
                e = self.entries[a.entry]
                cyr = lookalike_cyrillic(a.text, (e.name, *e.aliases))
                if cyr:
                    self._lookalikes[j] = cyr
        return self._lookalikes

    def acronym_hits_ru(self, text: str, readings: Sequence[tuple[str, str]], country: str | None
                        ) -> dict[int, tuple[int, float, dict, str]]:
        """A Cyrillic name that hits nothing, and gives its acronym ("«Владимирское Конструкторское
        Бюро Радиосвязи» (ОАО «ВКБР»)"): the entries that write that acronym ("VKBR") and that a
        reading of the name comes near (ACRONYM_CONFIRM_MIN) are hits at ACRONYM_CONFIRMED_SCORE.
        Neither alone is enough: "ВКБР" names many firms, a name's partial reading many entries.
        A name that gives no acronym is tried with its initials (`ru_initials`): "Арсеньевская
        Авиационная Компания" is "AO AAK Progress", whose list name adds the trade name."""
        found: dict[int, str] = {}
        said_toks: set[str] = set()
        given = ru_acronyms(text)
        initials = ru_initials(text)
        for acr in given or ([initials] if initials else []):
            for sp in acronym_spellings(acr):
                said_toks.update(tokens(sp))
                for i in self.acronym_index().get(sp, ()):
                    found.setdefault(i, f"{acr} = {sp.upper()}")
        if not found or len(found) > 20:
            return {}
        # the name besides its acronym: "ИжБС" alone is a short alias, weak as `compare` rates it; the
        # country word a reading adds is not the name ("Russian fti" for "ФТИ им. А.Ф. Иоффе")
        readings = [(eng, m) for eng, m in readings if not set(tokens(eng)) - _added_country(m) <= said_toks]
        by_entry: dict[int, list[int]] = defaultdict(list)
        for j, a in enumerate(self.aliases):
            if a.entry in found:
                by_entry[a.entry].append(j)
        out: dict[int, tuple[int, float, dict, str]] = {}
        for i, said in found.items():
            best = (-1.0, 0, "", "")
            for eng, method in readings:
                toks = tokens(eng)
                for j in by_entry[i] if toks else ():
                    score, _ = self.compare(self.respell_ru(toks, j, eng), self.aliases[j], country, eng, script="ru")
                    if score > best[0]:
                        best = (score, j, eng, method)
            score, j, eng, method = best
            if score >= ACRONYM_CONFIRM_MIN:
                _, feats = self.compare(self.respell_ru(tokens(eng), j, eng), self.aliases[j], country, eng,
                                        full=True, script="ru")
                if not given and feats["extra_query_tokens"] and feats["missing_alias_tokens"]:
                    continue  # our initials, one letter for two words: Липецкий Металлургический Завод is
                    # ЛМЗ, and so is "Lipetsk Mechanical Plant" (LMZ)
                if other_body(feats, GENERIC_STEMS, same_word):
                    continue  # «711 Авиационный Ремонтный Завод» (АО «711 АРЗ») is not '121 Aviation Repair Plant'
                feats = {**feats, "acronym_confirmed": said, "name_score": score, "level": "unit",
                         "query_tokens": list(self.respell_ru(tokens(eng), j, eng))}
                out[i] = (j, ACRONYM_CONFIRMED_SCORE, feats, f"{eng}|{method}, acronym {said} confirms")
        return out

    def generic_additions_ru(self, readings: Sequence[tuple[str, str]], country: str | None
                             ) -> dict[int, tuple[int, float, dict, str]]:
        """A Cyrillic name that hits nothing, each of whose words an alias has, two of them or more
        distinctive, where the alias adds only organisational words ("ООО «ТУСУР-Электроника»" is
        listed as "TUSUR-Electronica Research Company"): a hit at GENERIC_ADDED_SCORE if the name's
        reading scores GENERIC_ADDED_MIN. A list name that adds a word of its own ("Progress") names
        something the query does not say."""
        out: dict[int, tuple[int, float, dict, str]] = {}
        for eng, method in readings:
            toks = tokens(eng)
            if RU_COUNTRY_LEFT_OUT in method or len([t for t in toks if t not in GENERIC_STEMS]) < 2:
                continue
            cands = self.candidates(toks) | self.spelling_candidates(toks) | self.candidates_ru(toks)
            per = self.respell_each(toks, cands, eng)
            for j in cands:
                alias = self.aliases[j]
                if alias.entry in out:
                    continue
                q = per[j]
                a = self._alias_sets[j]
                if not a.issuperset(q):  # the cheapest test first
                    continue
                missing = [t for t in alias.toks if t not in q]
                if not missing or not all(t in GENERIC_STEMS for t in missing):
                    continue
                score, feats = self.compare(q, alias, country, eng, full=True, script="ru")
                if (score < GENERIC_ADDED_MIN or feats["extra_query_tokens"] or feats["numbers_conflict"]
                        or feats.get("cut_collisions") or feats["country"] in ("conflict", "conflict-by-script")):
                    continue
                feats = {**feats, "generic_words_added": missing, "level": "unit", "query_tokens": list(q)}
                out[alias.entry] = (j, GENERIC_ADDED_SCORE, feats, f"{eng}|{method}, the list adds {' '.join(missing)}")
        return out

    def rejects_ru(self, feats: dict, method: str, entry: int) -> bool:
        """A Cyrillic query's hit that says nothing: a list name of organisational words alone that the
        query qualifies further, only organisational words besides the country word a reading added
        ("Russian systems l" for "ООО СИСТЕМА-Л" is not "Russian Systems Corporation"), only
        transliterated legal-form words pair ("Obshchestvo s
        Ogranichennoi Otvetstvennost'iu «Tsentr»" with "Obshchestvos Ogranichennoi Otvetstvennostyu “A-K-S”"),
        or our own English translation meets an entry of a country where no one names a firm in Russian
        ("Военно-Промышленная Компания" read as "military industrial company" is not Sudan's
        "Military Industrial Corp."): there the translation is ours, not the firm's."""
        paired = [m.split("~", 1)[0] for m in feats.get("matched_tokens", ())]
        if paired and all(t in _LEGAL_WORDS_RU for t in paired):
            return True
        own = [t for t in paired if t not in _added_country(method)]
        if len(own) < len(paired) and all(t in GENERIC_STEMS or t in ru_kind_initials() for t in own):
            return True  # "ООО СИСТЕМА-Л" read "Russian systems l": the country we added and "systems" say nothing
        a_toks = [m.split("~")[-1] for m in feats.get("matched_tokens", ())] + feats.get("missing_alias_tokens", [])
        if feats.get("extra_query_tokens") and a_toks and all(
                t in GENERIC_STEMS or t in ru_kind_initials() or ru_variants().get(t, frozenset()) & GENERIC_STEMS
                for t in a_toks):
            return True  # "Специальное Конструкторское Бюро МО РФ" is more than "ZAO Spetsialnoe Konstruktorskoe Byuro"
        c = self.entries[entry].country
        return bool(c) and c not in RU_WRITING_COUNTRIES and "glossary" in method

    def form_tiebreak_ru(self, family: str, best: dict[int, tuple[int, float, dict, str]]
                         ) -> dict[int, tuple[int, float, dict, str]]:
        """When an entry of the query's company form hits, the hits listed only in the other form
        lose RU_FORM_CONFLICT_PENALTY: "ООО «Аэрокон»" is "OOO NPK Aerokon", not "Joint Stock Company
        Aerokon". Alone, a form that differs is kept: lists lag a company's change of form
        ("JSC Pella-Mash" for ООО «Пелла-Маш»)."""
        conflict = {e for e in best if self.form_conflict_ru(family, e)}
        if not conflict or not any(family in self._families.get(e, ()) for e in best if e not in conflict):
            return best
        out = dict(best)
        for e in conflict:
            j, score, feats, how = best[e]
            score = round(score - RU_FORM_CONFLICT_PENALTY, 4)
            if score >= self.threshold:
                out[e] = (j, score, {**feats, "company_form_conflict": family}, how)
            else:
                del out[e]
        return out

    def candidates_ru(self, toks: Sequence[str]) -> set[int]:
        """For a Cyrillic query with words the lists never use ("modul'" for "Module"): the aliases of
        its two rarest known tokens too, so that a misspelt word can pair in `align_tokens`. And the
        aliases of list tokens spelt near its rare ones (`near_tokens`): a transliterated trade name
        may double a letter the list does not ("Papilon" for "IT-Papillon OOO")."""
        out = {j for t in toks if 0 < len(self.postings.get(t, ())) <= RU_NEAR_DF
               for u in self.near_tokens(t) if u != t and len(self.postings.get(u, ())) <= RU_NEAR_DF
               for j in self.postings[u]}
        if all(t in self.postings for t in toks):
            return out
        known = sorted((t for t in toks if t in self.postings), key=lambda t: len(self.postings[t]))[:2]
        return out | {j for t in known if len(self.postings[t]) <= 20 * self.block_max_df for j in self.postings[t]}

    def candidates(self, toks: Sequence[str]) -> set[int]:
        """Blocking: the aliases sharing one of the query's rarer tokens."""
        rare = [t for t in toks if 0 < len(self.postings.get(t, ())) <= self.block_max_df]
        if not rare:
            known = [t for t in toks if t in self.postings]
            rare = sorted(known, key=lambda t: len(self.postings[t]))[:1]
        out: set[int] = set()
        for t in rare:
            out.update(self.postings[t])
        return out

    def prune(self, toks: tuple[str, ...], cands: Iterable[int], zh: bool = False) -> list[int]:
        """Candidates whose score could still reach the threshold: a cheap ceiling from exact token
        sets (a query token the lists never use may at best pair with one heavy leftover alias
        token, as in `align_tokens`); `compare` then scores the survivors.

        A tighter ceiling, summed in any order and so kept with `PRUNE_SLACK` to spare, rejects
        most candidates before the exact one (`_prune_exact`): only the unknown tokens with a list
        token spelt alike (`near_tokens`) that the alias has may pair (`_near_ceiling`; over numpy
        arrays when there are many candidates, `_array_ceiling`)."""
        cands = cands if isinstance(cands, (list, set, frozenset, tuple)) else list(cands)
        if not cands:
            return []
        w = [self.weight(t) for t in toks]
        wx = [max(x, UNMATCHED_MIN_WEIGHT * (len(t) > 2)) for x, t in zip(w, toks, strict=True)]
        unknown = [i for i, t in enumerate(toks) if t not in self.postings and len(t) >= 5]
        soft = sum(w[i] for i in unknown)
        k = len(unknown)
        q_extra = sum(wx[i] for i in range(len(toks)) if i not in unknown)
        need = (self.threshold - WEIGHT_FUZZY) / WEIGHT_OVERLAP
        exact = (toks, w, wx, k, soft, q_extra, need, zh)
        if len(set(toks)) < len(toks):  # a repeated token counts twice: the exact ceiling only
            return [j for j in cands if self._prune_exact(j, *exact)]
        near = [(w[i], wx[i] * (PLACE_DISCOUNT if toks[i] in self._places else 1.0), self.near_tokens(toks[i]))
                for i in unknown]
        if len(cands) >= PRUNE_ARRAY_MIN:
            cands = self._array_ceiling(toks, cands, w, wx, near, q_extra, need - PRUNE_SLACK, zh)
        else:
            ctx = (toks, dict(zip(toks, w, strict=True)), dict(zip(toks, wx, strict=True)), near, q_extra,
                   need - PRUNE_SLACK, zh)
            cands = [j for j in cands if self._near_ceiling(j, *ctx)]
        return [j for j in cands if self._prune_exact(j, *exact)]

    def prune_each(self, per: dict[int, tuple[str, ...]]) -> set[int]:
        """The candidates j whose form `per[j]` (a Cyrillic query's reading respelt for alias j) may
        reach the threshold, pruned together by form: most aliases leave the reading as it is, and
        its ceilings are set up once (over arrays for many candidates, `_array_ceiling`, the same
        bound as `prune(per[j], [j])` summed in another order, kept with PRUNE_SLACK to spare).
        The set is filled in the order of `per`, as it was one by one: the order a set of ints
        iterates in depends on it, and of two aliases of one entry that score alike the first wins."""
        by_form: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for j, toks in per.items():
            by_form[toks].append(j)
        kept = {j for toks, js in by_form.items() for j in self.prune(toks, js)}
        return {j for j in per if j in kept}

    def _array_ceiling(self, toks: tuple[str, ...], cands: Collection[int], w: list[float], wx: list[float],
                       near: list[tuple[float, float, frozenset[str]]], q_extra: float, need: float,
                       zh: bool) -> list[int]:
        """`_near_ceiling` for many candidates at once (numpy arrays), summed in another order."""
        n_vocab = len(self._tok_id)
        pos = np.full(n_vocab + 1, -1, dtype=np.intp)  # vocabulary id -> index of the query token, or -1
        for i, t in enumerate(toks):
            if t in self._tok_id:
                pos[self._tok_id[t]] = i
        jj = np.fromiter(cands, dtype=np.intp, count=len(cands))
        n, nq = len(jj), len(toks)
        alias_ids = self._alias_ids[jj]
        rows = np.arange(n)[:, None]
        f = np.zeros((n, nq + 1))  # 1 where alias j has query token i (column nq: no token)
        f[rows, pos[alias_ids]] = 1.0
        mf = f[:, :nq] @ np.array([self._floor_w.get(t, 0.0) for t in toks])
        f[rows, pos[self._own_ids[jj]]] = 1.0
        m, qm = np.array([w, wx]) @ f[:, :nq].T
        matched, lone, k_j = m, 0.0, 0
        for wi, wxi, nt in near:  # an unknown token pairs only with an alias that has a token spelt alike
            if nt:
                mark = np.zeros(n_vocab + 1, dtype=bool)  # the near tokens of this unknown token
                mark[[self._tok_id[t] for t in nt]] = True
                has = mark[alias_ids].any(axis=1)
            else:
                has = np.zeros(n, dtype=bool)
            matched = matched + wi * has
            lone = lone + wxi * ~has
            k_j = k_j + has
        top = self._top_arr
        missing = np.maximum(0.0, self._alias_w_arr[jj] - mf - top[jj, np.minimum(k_j, top.shape[1] - 1)])
        if zh:  # a leading place of a Chinese company the query leaves out counts a quarter
            off = self._lead_off_arr()[jj] * np.array([self.aliases[j].toks[0] not in toks for j in jj])
            missing = np.maximum(0.0, missing - off)
        total = matched + PLACE_DISCOUNT * np.maximum(0.0, q_extra - qm) + lone + missing
        keep = (total > 0) & (matched >= need * total)
        return jj[keep].tolist()

    def _near_ceiling(self, j: int, toks: tuple[str, ...], wq: dict[str, float], wxq: dict[str, float],
                      near: list[tuple[float, float, frozenset[str]]], q_extra: float, need: float,
                      zh: bool) -> bool:
        """`_prune_exact`'s ceiling for alias j when only the unknown query tokens with a list token
        spelt alike that alias j has can pair; the others stay extra query tokens at full weight (a
        quarter for a city: `campus_tokens`)."""
        a = self._alias_sets[j]
        own = self._own[j]
        hit = a.intersection(toks)
        both = hit.union(own.intersection(toks)) if own else hit
        m = sum(map(wq.__getitem__, both))
        qm = sum(map(wxq.__getitem__, both))
        rest = self._alias_w[j] - sum(map(self._floor_w.__getitem__, hit))
        soft = lone = 0.0
        k_j = 0
        for wi, wxi, nt in near:
            if nt and not nt.isdisjoint(a):
                soft += wi
                k_j += 1
            else:
                lone += wxi
        top = self._top_w[j]
        missing = max(0.0, rest - top[min(k_j, len(top) - 1)])
        if zh:
            lead = self.aliases[j].toks[0]
            if lead in self._zh_places and lead not in toks:
                missing = max(0.0, missing - (1 - PLACE_DISCOUNT) * self._floor_w[lead])
        matched = m + soft
        total = matched + PLACE_DISCOUNT * max(0.0, q_extra - qm) + lone + missing
        return bool(total and matched / total >= need)

    def near_tokens(self, token: str) -> frozenset[str]:
        """The list tokens that a token the lists never use may pair with in `align_tokens`
        (`token_similarity` at least SOFT_MIN, less a little slack), cached per token. Tokens are
        cut to six letters (`names.STEM`) unless long: two of five or six letters that similar are
        one deletion from a common string, so an index of deletions finds them."""
        hit = self._near.get(token)
        if hit is not None:
            return hit
        if len(token) < 5 or token.isdigit():
            hit = frozenset()
        else:
            cut = SOFT_MIN - PRUNE_SLACK
            if len(token) <= _SHORT:
                alike = {v for d in _deletions(token) for v in self._deletion_index.get(d, ())}
                hit = frozenset(v for v in alike if Indel.normalized_similarity(token, v) >= cut)
                vocab = self._long_vocab
            else:
                hit, vocab = frozenset(), self._soft_vocab
            found = process.extract(token, vocab, scorer=Indel.normalized_similarity, score_cutoff=cut, limit=None)
            hit = hit | {u for u, _, _ in found}
        if len(self._near) < 200_000:
            self._near[token] = hit
        return hit

    def _prune_exact(self, j: int, toks: tuple[str, ...], w: list[float], wx: list[float], k: int, soft: float,
                     q_extra: float, need: float, zh: bool) -> bool:
        """`prune`'s ceiling for one candidate, summed in the order of the query's tokens (the
        order that decides a tie at the threshold)."""
        a = self._alias_sets[j]
        own = self._short_aliases[self.aliases[j].entry]
        m = mf = qm = 0.0
        for i, t in enumerate(toks):
            if t in a or t in own:
                m += w[i]
                qm += wx[i]
                if t in a:
                    mf += self._floor_w[t]
        absorb = self._top_w[j][min(k, len(self._top_w[j]) - 1)]
        missing = max(0.0, self._alias_w[j] - mf - absorb)
        if zh:  # a leading place of a Chinese company the query leaves out counts a quarter
            lead = self.aliases[j].toks[0]
            if lead in self._zh_places and lead not in toks:
                missing = max(0.0, missing - (1 - PLACE_DISCOUNT) * self._floor_w[lead])
        extra = PLACE_DISCOUNT * max(0.0, q_extra - qm)
        matched = m + (soft if k else 0.0)
        total = matched + extra + missing
        return bool(total and matched / total >= need)

    def _found(self, toks: tuple[str, ...], zh: bool) -> list[int]:
        """`prune(toks, candidates(toks), zh)`, cached by tokens: segments written otherwise
        ("Inst Phys" / "Institute of Physics") share it."""
        key = (toks, zh)
        hit = self._found_cache.get(key)
        if hit is None:
            hit = self.prune(toks, self.candidates(toks), zh=zh)
            if len(self._found_cache) < 1_000_000:
                self._found_cache[key] = hit
        return hit

    def compare(self, toks: tuple[str, ...], alias: Alias, country: str | None, text: str = "",
                full: bool = False, script: str = "", company: bool = False) -> tuple[float, dict]:
        """Score one query form (`toks`, read from `text`) against one alias: (score, features);
        below the threshold only a partial feature set unless `full`. `company`: the form is a
        Chinese company name read by its structure, whose place the list may add."""
        e = self.entries[alias.entry]
        # pinyin words a letter apart are other names (zhongcai/zhongxun, qinzhou/qinzhi once cut to six
        # letters): no misspelt pairs for a Chinese query against a list's Latin name
        no_soft = script == "zh" and script_of(alias.text) != "zh"  # a Chinese alias: as before
        pairs, q_left, a_left = align_tokens(toks, alias.toks, _EVERY_TOKEN if no_soft else self.postings)
        cut = cut_collisions(text, alias.text, pairs) if script == "ru" and text else []
        if no_soft and text:  # a pinyin word is cut as a Russian one is: "Guowei" is not 'Guoweixin'
            words = _token_words(text)
            cut = [t for t in cut_collisions(text, alias.text, pairs) if words.get(t) not in zh_english_words()]
        if cut:  # "Geomir" is not "Geomiragro", though both are cut to "geomir"
            pairs = [p for p in pairs if p[0] not in cut]
            q_left, a_left = q_left + cut, a_left + cut
        own = self._short_aliases[alias.entry]  # "Skolkovo Inst Sci & Technol SKOLTECH": its own acronym
        pairs += [(t, t, 1.0) for t in q_left if t in own]
        q_left = [t for t in q_left if t not in own]
        discounted = campus_tokens(toks, q_left, a_left, self._places)
        if script == "ru" and text:  # «Новатор» read "Novator" is cut to the stem of Novato, CA: no city
            discounted = [t for t in discounted if _is_place(t, text)]
        lead = alias_lead_place(alias.toks, toks, a_left, self._zh_places) if company else None
        overlap = weighted_overlap(pairs, q_left, a_left, self.weight, discounted, self.rarity,
                                   alias_discounted=(lead,) if lead else ())
        fz = fuzzy_ratio(toks, alias.toks)
        rel = country_relation(country, e.country)
        if rel == "unknown" and e.country in SCRIPT_COUNTRIES.get(script, ()):
            rel = "agree-by-script"
        if (rel == "unknown" and script == "zh" and e.country and e.country not in ZH_SCRIPT_COUNTRIES
                and script_of(alias.text) != "zh"):  # a list that gives the Chinese name itself knows better
            rel = "conflict-by-script"
        if (rel == "unknown" and script == "ru" and e.country and e.country not in SCRIPT_COUNTRIES["ru"]
                and respelt_brand(text, alias)):  # «ИнфоТеКС» is not the UAE's one-word 'Infotec'
            rel = "conflict-by-script"
        generic = is_generic(alias.toks)
        if generic and script == "ru":  # "Electrosignal JSC" is cut to "electr", as "electronic" is
            generic = generic_words(alias.text)
        one = alias.toks[0] if len(alias.toks) == 1 else None
        place = ((one is not None and one in self._places and _is_place(one, alias.text))
                 or (len(alias.toks) > 1 and place_only(alias.text)))  # "Sergiev Posad" (48th TsNII's): two words
        weak = generic or alias.kind == "acronym" or place or (one is not None and len(one) <= 4)
        if weak and rel in ("agree", "agree-by-script") and place:
            rel = "agree-but-place-name"  # "Dolgoprudny" is an alias and a city: not enough alone
        q_nums = {t for t in toks if t.isdigit()}
        numbers_conflict = bool(q_nums) and numbers_differ(q_nums, {t for t in alias.toks if t.isdigit()})
        base = score_v1(overlap, fz, {"agree-by-script": "agree", "conflict-by-script": "conflict"}.get(rel, rel),
                        weak, generic)
        if base < self.threshold and not full:  # no hit whatever the penalties: skip what only lowers
            return base, {"numbers_conflict": numbers_conflict, "country": rel}
        qualifier, legal = form_differences(text, toks, alias)
        verbatim = bool(text) and _surface(text) == alias.surface
        score = round(max(0.0, base - QUALIFIER_PENALTY * bool(qualifier)
                          - LEGAL_FORM_PENALTY * min(3, len(legal)) - SURFACE_PENALTY * (not verbatim)), 4)
        if numbers_conflict:
            score = min(score, NUMBER_CONFLICT_CAP)
        feats = {
            "numbers_conflict": numbers_conflict,
            "verbatim": verbatim,
            "exact_form": not qualifier and not legal,
            "qualifier_not_in_query": qualifier,
            "legal_form_differs": legal,
            "generic_alias": generic,
            "token_overlap": round(overlap, 4),
            "fuzzy_ratio": round(fz, 4),
            "country": rel,
            "weak_alias": weak,
            "matched_tokens": [q if q == a else f"{q}~{a}" for q, a, _ in pairs],
            "extra_query_tokens": q_left,
            "campus_tokens": discounted,
            **({"place_not_in_query": lead} if lead else {}),
            "missing_alias_tokens": a_left,
        }
        if cut:
            feats["cut_collisions"] = cut
        return score, feats

    def _screen_form(self, text: str, country: str | None) -> list[tuple[int, float, dict, str]]:
        """Best alias per entry for one part of a query, all readings of it tried. A Russian name's quotes
        are read first (`structure.ru_quotes`): typed "A "B" it reads as the lists' «A «B»."""
        script = script_of(text)  # quote marks are no letters: the script of the text ru_quotes gives too
        if script == "ru":
            text = ru_quotes(text)
        key = (text, country, hidden_key())
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        best: dict[int, tuple[int, float, dict, str]] = {}
        cyrillic = script == "ru"
        if cyrillic and self.unlisted_kind_ru(text):
            self._cache[key] = []
            return []
        chinese = script == "zh"
        taiwan = chinese and territory_qualifier(text) == "TW"  # a name the brackets place in Taiwan
        says_nothing = cyrillic and (ru_adjectives_only(text) or ru_descriptive(text))
        readings = english_variants(text) if not says_nothing else []
        parents = [r for r in readings if r[1].startswith(PARENT_LEVEL)]
        # a reading that leaves a word out (eponym, "Российской Федерации") only when the whole name hits nothing
        shorter = [r for r in readings if r not in parents and ("left out" in r[1] or LOANWORDS in r[1])]
        own = [r for r in readings if r not in parents and r not in shorter]
        family = ru_company_family(text) if cyrillic else None
        units: dict[int, tuple[int, float, dict, str]] = {}  # groups a quoted core names, a unit's kind left out
        refused: set[int] = set()  # entries a reading found another body: no weaker reading brings them back
        for group, level in ((own, "unit"), (shorter, "unit"), (parents, "parent")):
            if best:  # a shorter reading, then a parent, only when no reading of the name itself hits
                break
            for eng, method in group:
                toks = tokens(eng)
                if not toks:
                    continue
                sq = squashed(eng) if method in ("glossary", "pinyin", ZH_SEAT_LEFT_OUT) else None
                # a sourced table's reading of the name ("信息工程大学 = Information Engineering University")
                # that is an alias of organisational words only, word for word, says which organisation as
                # surely as a literal reading run together: no weaker than any other alias then
                tabled = chinese and method.startswith(("name-table", "structure ("))
                # a listed company's own name by the trade-name table ("中国中车股份有限公司" is "CRRC Corporation
                # Limited"): a name the legal form leaves one short word of is no weaker than any other either
                branded = tabled and method.startswith("name-table (brands_zh.yaml") and zh_brand_alone(text)
                joined = set(self._squash.get(sq, ())) if sq else set()
                company = chinese and "structure (company" in method
                if cyrillic:  # romanised words may spell a list word otherwise: compare per alias
                    cands = self.candidates(toks) | self.spelling_candidates(toks) | self.candidates_ru(toks)
                    per = self.respell_each(toks, cands, eng)
                    found = self.prune_each(per)
                else:
                    per, found = {}, set(self._found(toks, company))
                whole = zh_long_words(eng) if chinese and ("glossary" in method or "pinyin" in method) else None
                for j in found | joined:
                    alias = self.aliases[j]
                    if whole and j not in joined and not long_words_agree(whole, alias, self._alias_sets[j]):
                        continue
                    literal = tabled and _surface(eng) == alias.surface and (
                        (not company and len(alias.toks) > 1 and is_generic(alias.toks))
                        or (branded and alias.kind != "acronym"))
                    score, feats = self.compare(per.get(j, toks), alias, country, eng, full=j in joined or literal,
                                                script="ru" if cyrillic else "zh" if chinese else "",
                                                company=company)
                    if ((j in joined or literal) and not feats["numbers_conflict"]
                            and feats["country"] not in ("conflict", "conflict-by-script")):
                        score = max(score, SQUASHED_SCORE)  # "beijing zhipuhuazhang" = "Beijing Zhipu Huazhang"
                        feats = {**feats, "squashed_match": sq} if j in joined else {**feats, "table_reading": eng}
                    if chinese and alias.kind == "acronym" and other_unit_numbers(eng, self._names(alias.entry)):
                        continue  # "CSIC" out of '… (CSIC) 12th Research Institute' is the 12th's group, not it
                    if level == "parent":
                        score = min(score, PARENT_LEVEL_CAP)
                    if cyrillic and score >= self.threshold and self.rejects_ru(feats, method, alias.entry):
                        continue
                    if (score >= self.threshold and cyrillic and CORE_LEFT_OUT in method
                            and eponym_elsewhere(eponym_key(text), self._names(alias.entry))):
                        refused.add(alias.entry)
                        continue  # «РКК «Энергия» имени С.П. Королёва» is not 'JSC Energiya'
                    unit = (core_kind_conflict(text, method, self._names(alias.entry))
                            if score >= self.threshold and cyrillic and CORE_LEFT_OUT in method else None)
                    if unit and core_place_left_out(text, method, self._names(alias.entry)):
                        refused.add(alias.entry)
                        continue  # Воронежский НИИ «Вега» is no unit of the Moscow 'Vega Radio Engineering Corporation'
                    if unit:  # «ГСКБ «Алмаз-Антей»» is a unit of 'Concern Almaz-Antey': the concern only at its level
                        capped = min(score, PARENT_LEVEL_CAP)
                        if capped > units.get(alias.entry, (0, -1.0))[1]:
                            feats = {**feats, "query_tokens": list(per.get(j, toks)), "level": "parent",
                                     "unit_kind_left_out": unit}
                            units[alias.entry] = (j, capped, feats, f"{eng}|{method}; {unit} left out, the entry a"
                                                                    f" group of that name: {PARENT_LEVEL}")
                        continue
                    if score >= self.threshold and cyrillic and CORE_LEFT_OUT in method and self.kind_conflict_ru(
                            text, method, alias.entry):
                        refused.add(alias.entry)
                        continue  # АО «Завод «Пластик» is not 'Special Design and Technology Bureau Plastic'
                    if score >= self.threshold and cyrillic and extra_kind_conflict(
                            feats.get("extra_query_tokens", ()), self._names(alias.entry)):
                        refused.add(alias.entry)
                        continue  # «КБ «Вымпел»» is not the 'Vympel Interstate Corporation'
                    lead = feats.get("place_not_in_query")
                    if (score >= self.threshold and chinese
                            and (other_lead_place(text, lead) or group_member(text, lead, alias.text))):
                        continue  # 深圳市海思 is not Shanghai HiSilicon; 熊猫电子集团 not 'Nanjing Panda Electronics'
                    if score >= self.threshold and chinese and other_seat(
                            text, feats.get("qualifier_not_in_query", ""),
                            f"{alias.text} {self.entries[alias.entry].name}", self._zh_places):
                        continue  # 中芯国际…（北京）有限公司 is not SMIC '(Shenzhen) Corporation'
                    if (score >= self.threshold and tabled
                            and alias_adds_words(feats.get("missing_alias_tokens", ()), self._zh_places)):
                        continue  # 中国化工 (ChemChina) is not 'China National Chemical Engineering Group Corporation'
                    if score >= self.threshold and chinese and parent_conflict(text, self._names(alias.entry)):
                        continue  # 中国医学科学院基础医学研究所 (CAMS) is not the AMMS's Institute of Basic Medicine
                    if score >= self.threshold and chinese and city_left_out(text, eng, self._names(alias.entry)):
                        continue  # 中国科学院自动化研究所 (Beijing) is not CAS's Shenyang Institute of Automation
                    if score >= self.threshold and taiwan and self.entries[alias.entry].country != "TW":
                        continue  # 国防大学（台北）, Taiwan's, hits Taiwanese entries only (not the PLA's NDU)
                    if score >= self.threshold and chinese and group_not_company(text, eng, alias.text):
                        if level == "parent":
                            continue  # CSIC's 706th institute: its group's listed arm is not its parent
                        if another_groups_company(zh_group_english(text), alias.text):
                            continue  # 中国船舶工业集团 (the old CSSC) read word for word is not CSIC's listed arm
                        # the group itself: its listed company is another legal person, shown capped and said so
                        score = min(score, PARENT_LEVEL_CAP)
                        feats = {**feats, "group_listed_company": True}
                    if score >= self.threshold and not chinese and suffix_conflict(text, alias.text):
                        continue  # «Ангстрем» is not 'Angstrem-M'

                    looks = self.lookalike_aliases() if cyrillic and score >= self.threshold else {}
                    if j in looks and looks[j] not in text:
                        continue  # "БТК" is not the list's "BTK", which is "ВТК" in Latin letters
                    if score >= self.threshold and whole is not None and self._zh_other(text, j, eng):
                        continue  # a reading of a Chinese name that the tables know by another Chinese name
                    if (score >= self.threshold and tabled and whole is None and toks != alias.toks
                            and zh_known_other(text, self._zh_names_of(j)) is not None):
                        continue  # 国防科技大学 read by its table row is not 'National Defense University' (国防大学)
                    if score >= self.threshold and score > best.get(alias.entry, (0, -1.0))[1]:
                        feats = {**feats, "query_tokens": list(per.get(j, toks)), "level": level}
                        best[alias.entry] = (j, score, feats, f"{eng}|{method}")
        if cyrillic and best and quoted_group(text):  # «Апекс Групп» is no entry that never says it is a group
            best = {e: v for e, v in best.items() if names_say_group(self._names(e))}
        if cyrillic and not best:
            best = self.acronym_hits_ru(text, own + shorter, country)
        if cyrillic and not best:
            best = self.other_short_name_ru(text, self.generic_additions_ru(own + shorter, country))
        # the readings of a quoted name alone or of parts of the name, tried last: none brings back an entry a
        # reading before found another body (ОАО «НПО «Пульсар», refused as 'NPP Pulsar' by its core name, is
        # not it by distinctive parts either)
        if cyrillic and not best:  # "АО ‘ВМЗ’", "АО «Азимут»": an acronym or a quoted name alone
            short = short_name_hits(self, text, country)
            refused |= {e for e, v in short.items() if self.kind_conflict_ru(text, v[3], e)}
            best = self.unrefused(short, refused)
        if cyrillic and not best:  # "…Объединение им. В.П. Чкалова": eponym, place and field, other kind words
            best = self.unrefused(self.other_short_name_ru(text, distinctive_hits(self, text, country)), refused)
            kind_core = self.unrefused(self.kind_core_hits(text, country), refused) if best else {}
            if kind_core and not best.keys() & kind_core.keys():
                best = kind_core  # «КБ «Связь», г. Ростов-на-Дону: the listed bureau of that kind and core, not the
                # Rostov radio institute by distinctive parts
        if cyrillic and not best:  # «НПО «Алмаз» имени академика А.А. Расплетина»: a former name, eponym and core
            best = self.unrefused(self.eponym_core_hits(text, country), refused)
        if cyrillic and not best:  # АО «ГСКБ «Алмаз-Антей»: the design bureau among the entries of that name
            best = self.unrefused(self.kind_core_hits(text, country), refused)
        if cyrillic and not best and units and not self.namesake_unit_ru(text, country):
            best = units  # a unit named after a listed group: the group, parent-level
        if family:
            best = weak_other_form(self.form_tiebreak_ru(family, best), lambda e: self.form_conflict_ru(family, e))
        out = list(best.values())
        if len(self._cache) < 1_000_000:
            self._cache[key] = out
        return out

    @staticmethod
    def unrefused(hits: dict[int, tuple[int, float, dict, str]], refused: set[int]
                  ) -> dict[int, tuple[int, float, dict, str]]:
        """`hits` of a fallback reading less the entries a reading before it refused (another body)."""
        return {e: v for e, v in hits.items() if e not in refused} if refused else hits

    def other_short_name_ru(self, text: str, hits: dict[int, tuple[int, float, dict, str]]
                            ) -> dict[int, tuple[int, float, dict, str]]:
        """`hits` (a weak reading's: the list adds generic words, or distinctive parts) less those on an entry
        whose names write a short name of Russian initials other than the query's own acronym
        (lookalikes_ru.acronym_other_body): «НИМИ им. В.В. Бахирева» is not '… Bakhirev (GosNIImash)'."""
        return {e: v for e, v in hits.items() if not acronym_other_body(text, self._names(e))}

    def list_words(self) -> frozenset[str]:
        """Every Latin word of the entries' names, lower case (built on first use)."""
        if self._list_words is None:
            self._list_words = frozenset(w for e in self.entries for n in (e.name, *e.aliases)
                                         for w in re.findall(r"[a-z]+", unidecode(n).lower()))
        return self._list_words

    def unlisted_kinds_ru(self) -> frozenset[str]:
        """Kinds of organisation none of the entries' names write (kinds_ru.unlisted_kinds)."""
        if self._unlisted is None:
            self._unlisted = unlisted_kinds(self.list_words())
        return self._unlisted

    def kind_conflict_ru(self, text: str, method: str, entry: int) -> bool:
        """The words a core-alone reading of `text` left out state a kind of organisation the entry's
        names do not (kinds_ru.kind_conflict)."""
        names = self._names(entry)
        core = core_of(method)
        return (kind_conflict(text, method, names, self.unlisted_kinds_ru())
                or (core is not None and (kind_initials_conflict(text, core, names)
                                          or branch_core_company(text, core, names))))

    def unlisted_kind_ru(self, text: str) -> bool:
        """A Russian name whose words outside its quoted names state a kind no list names ("ХК «Авангард»",
        a hockey club; журнал «Квант»): no listed organisation is one, whatever its quoted name."""
        # initials a list name writes as a word name a listed firm, whatever else they stand for: ПФК is a
        # football club's and 'PFK Profpodshipnik, LLC''s (производственно-финансовая компания)
        outside = [w for w in re.findall(r"[А-Яа-яЁё]+", outside_cores(text, quoted_cores(text)))
                   if unidecode(w).lower() not in self.list_words()]
        return bool(ru_kinds(" ".join(outside)) & self.unlisted_kinds_ru())

    def eponym_core_hits(self, text: str, country: str | None) -> dict[int, tuple[int, float, dict, str]]:
        """A Russian name by its eponym and a one-word quoted core, when one Russian or Belarusian entry
        alone has both: the eponym in its names and the core as a word or a hyphenated word's part. A
        firm's former name keeps both («НПО «Алмаз» имени академика А.А. Расплетина» is now the GSKB
        'Almaz-Antey Air Defense Concern Main System Design Bureau … A.A. Raspletin Main System Design
        Bureau'). Scored as a core name (short_names_ru.CORE_NAME_SCORE), tried last."""
        key = eponym_key(text)
        words = {skeleton(unidecode(bgn_word(c)).lower()) for c in quoted_cores(text)
                 if len(c.split()) == 1 and len(c) >= 4}
        if not key or not words:
            return {}
        if self._skeletons is None:
            self._skeletons = [[skeleton(unidecode(n).lower()) for n in (e.name, *e.aliases)] for e in self.entries]
        found = [i for i, e in enumerate(self.entries) if e.country in ("RU", "BY")
                 and any(key in sk for sk in self._skeletons[i])
                 and words & {p for sk in self._skeletons[i] for p in re.split(r"[^a-z0-9]+", sk)}]
        if len(found) != 1 or (country and self.entries[found[0]].country != country):
            return {}
        i = found[0]
        j = next(j for j, a in enumerate(self.aliases) if a.entry == i)
        feats = structural_features("agree" if country else "agree-by-script",
                                    eponym_and_core={"eponym": key, "core": sorted(words)})
        return {i: (j, CORE_NAME_SCORE, feats, f"{' '.join(sorted(words))}|structure (eponym and core name)")}

    def kind_core_hits(self, text: str, country: str | None) -> dict[int, tuple[int, float, dict, str]]:
        """A Russian name by the kind its words state outside its innermost quoted core and that core, when
        one Russian or Belarusian entry alone writes both in one name: АО «ГСКБ «Алмаз-Антей» is the design
        bureau ('Almaz-Antey Air Defense Concern Main System Design Bureau'), not the Concern, the plants or
        the regional centre of that name (kinds_ru). Scored as a core name, tried last."""
        found = self.kind_core_entry(text, country)
        if found is None:
            return {}
        i, said, words, core = found
        if kind_initials_conflict(text, core, self._names(i)):
            return {}  # АО «КБ «Вымпел»» is not 'AO Gos MKB “Vympel”', a bureau of another name
        j = next(j for j, a in enumerate(self.aliases) if a.entry == i)
        feats = structural_features("agree" if country else "agree-by-script",
                                    kind_and_core={"kinds": sorted(said), "core": core})
        return {i: (j, CORE_NAME_SCORE, feats, f"{' '.join(sorted(words))}|structure (kind and core name)")}

    def kind_core_entry(self, text: str, country: str | None
                        ) -> tuple[int, frozenset[str], set[str], str] | None:
        """`_kind_core_entry`, once per query."""
        key = (text, country)
        if key not in self._kind_core:
            if len(self._kind_core) > 100_000:
                self._kind_core.clear()
            self._kind_core[key] = self._kind_core_entry(text, country)
        return self._kind_core[key]

    def _kind_core_entry(self, text: str, country: str | None
                         ) -> tuple[int, frozenset[str], set[str], str] | None:
        """The one Russian or Belarusian entry that writes, in one name, a kind the words outside the innermost
        quoted core of `text` state and that core (`kind_core_hits`), with those kinds, the core's Latin words
        and the core; None when none or several do."""
        cores = sorted(quoted_cores(text), key=len)
        if not cores:
            return None
        said = ru_kinds(outside_cores(text, cores[:1]))
        words = set(_latin_words(bgn_word(cores[0])))  # whole words: 'Metallist' is not 'Metallurgical'
        # (tokens() cuts both to "metall")
        if not said or not words:
            return None
        if self._name_kinds is None:
            self._name_kinds = [[(frozenset(_latin_words(n)), en_kinds(n)) for n in (e.name, *e.aliases)]
                                if e.country in ("RU", "BY") else [] for e in self.entries]
        found = [i for i, names in enumerate(self._name_kinds) if any(words <= t and k & said for t, k in names)]
        if len(found) != 1 or (country and self.entries[found[0]].country != country):
            return None
        if branch_core_company(text, cores[0], self._names(found[0])):
            return None  # ФЛ «Завод «Звезда»» ФГУП «…»: a branch's own name, not the company 'AO FEP Zvezda'
        return found[0], said, words, cores[0]

    def namesake_unit_ru(self, text: str, country: str | None) -> bool:
        """The lists write a body of the kind and quoted core of `text` (`kind_core_entry`), and its kind
        initials say another body (kinds_ru.kind_initials_conflict): the query is a namesake of a listed
        unit, which the lists place elsewhere, so no unit of the group of that name either («КБ «Вымпел»», a
        ship design bureau, beside 'AO Gos MKB “Vympel”', is not at the 'Vympel Interstate Corporation')."""
        found = self.kind_core_entry(text, country)
        return found is not None and kind_initials_conflict(text, found[3], self._names(found[0]))

    def company_not_academy(self, entry: int) -> bool:
        """The entry's names state a company form (JSC, OOO…: `latin_company_families`) and none names the
        Academy of Sciences (or RAN)."""
        names = self._names(entry)
        return bool(latin_company_families(names)) and not any(_ACADEMY.search(n) for n in names)

    def _names(self, entry: int) -> tuple[str, ...]:
        e = self.entries[entry]
        return (e.name, *e.aliases)

    def _zh_names_of(self, j: int) -> tuple[str, ...]:
        """The names whose Chinese the tables may know for alias `j`: the alias, or for a one-word alias (a short
        form, "Zhiyuan") its entry's names too."""
        alias = self.aliases[j]
        e = self.entries[alias.entry]
        return (alias.text,) if len(alias.toks) > 1 else (alias.text, e.name, *e.aliases)

    def _zh_other(self, text: str, j: int, reading: str) -> bool:
        """The Chinese name of alias `j` is known and `text` is not it (structure.zh_known_other); a
        one-word alias ("Zhiyuan") is a short form: the Chinese names of its entry's names count. Also
        a brand's word that `reading` spells out of other characters (structure.zh_homophone: 华威
        "huawei") when the alias has that word ("Huawei Holding"); a Chinese alias written with other
        characters (structure.zh_other_characters: 伊图 is not 依图); and a name of places and industry
        words only against an alias of such words (structure.zh_no_trade_name); and a unit the tables number
        or the name writes against an entry that numbers another (`other_unit_number`); and an alias that states
        a group the name does not write (structure.group_left_out)."""
        alias = self.aliases[j]
        e = self.entries[alias.entry]
        names = self._zh_names_of(j)
        word = zh_homophone(text, reading)
        if word and set(tokens(word)) & set(alias.toks):
            return True
        if script_of(alias.text) == "zh" and zh_other_characters(text, alias.text):
            return True
        if other_unit_number(zh_unit_number(text), (e.name, *e.aliases)):
            return True  # 上海船舶设备研究所 is CSSC's 704th institute, not the 726th of a name one word longer
        if group_left_out(text, alias.text):
            return True  # 中国电子科学研究院 is not "The Institute of Electronics, Chinese Academy of Sciences"
        if all(t in self._zh_places or t in GENERIC_STEMS for t in alias.toks) and zh_no_trade_name(text):
            return True  # "河南电子公司" read "henan electronic company" is no firm's name, nor is "Henan Electronics"
        return zh_known_other(text, names) is not None

    def screen(self, query: str, country: str | None = None) -> list[Hit]:
        """Entries a name or affiliation string matches at or above the threshold, best first."""
        segments, found_country = split_affiliation(query)
        country = country or found_country
        forms = query_forms(query, segments)
        if len(segments) > 1:  # "ФКП «НИИ прикладной химии», Сергиев Посад": the town names no firm alone
            forms = [f for f in forms if f not in segments or not place_only(f)] or forms
        best: dict[int, tuple[int, float, dict, str, str]] = {}
        heads = [h for f in forms for h in zh_heads(f) if h not in forms]
        after = {h: simplified(f)[len(h):] for f in forms for h in zh_heads(f)}  # a head -> the rest of its form
        # 中山大学国家超级计算广州中心: the hosted centre's own name, after its host's, read as a name beside the
        # whole name and its heads (the host stays: Sun Yat-sen University is listed too)
        hosted = [h for h in dict.fromkeys(map(zh_hosted, forms)) if h and h not in forms]
        core_only: dict[int, set[str]] = defaultdict(set)  # entry -> forms that hit it by a quoted core alone
        whole: set[str] = set()  # forms hit by a reading of the whole name
        for group in (forms, heads, hosted):
            if best and group is heads:  # an institution head of a CNKI-style run only when the whole names hit nothing
                continue
            for form in group:
                unit = zh_sub_unit(after[form]) if group is heads else None
                for j, score, feats, eng_method in self._screen_form(form, country):
                    alias = self.aliases[j]
                    if unit and score > PARENT_LEVEL_CAP:  # the head is the parent of the unit the query names
                        score = PARENT_LEVEL_CAP
                        feats = {**feats, "level": "parent", "sub_unit_after_head": unit}
                    if CORE_LEFT_OUT in eng_method:
                        core_only[alias.entry].add(form)
                    else:
                        whole.add(form)
                        core_only[alias.entry].add("")
                    if score > best.get(alias.entry, (0, -1.0))[1]:
                        best[alias.entry] = (j, score, feats, eng_method, form)
        # "АО «ТМКБ «Союз», Лыткарино": the name before the city hits by its whole reading ("tmkb soyuz"); the
        # name with the city read by its quoted core alone ("Soyuz") says less of the same and adds others
        best = {e: v for e, v in best.items()
                if not all(f and any(f.startswith(g + ", ") for g in whole) for f in core_only[e])}
        town = segment_country(segments[-1]) if len(segments) > 1 and not country and script_of(query) == "ru" else None
        if town:  # "ОАО «Горизонт», г. Минск" is not the Rostov 'Joint Stock Company Gorizont': a town elsewhere
            best = {e: v for e, v in best.items() if country_relation(town, self.entries[e].country) != "conflict"}
        if script_of(query) == "ru" and parse_ru(query).ras:
            # «Институт прикладной физики РАН» is an institute of the Academy, not the 'Joint Stock Company
            # Institute of Applied Physics': an entry listed as a company and not of the Academy is another body
            best = {e: v for e, v in best.items() if not self.company_not_academy(e)}
            branch = ras_branch_ru(query)
            best = {e: v for e, v in best.items() if not other_ras_branch(branch, self._names(e))}
        key = eponym_key(query) if script_of(query) == "ru" else None
        if key and any(not eponym_elsewhere(key, self._names(e)) for e in best):
            # «КБ «Арсенал» имени М.В. Фрунзе» hits 'M.V. Frunze Arsenal Design Bureau': the bare 'Arsenal' is
            # another firm of that word (one organisation listed twice comes back as a twin below)
            best = {e: v for e, v in best.items() if not eponym_elsewhere(key, self._names(e))}
        if script_of(query) == "zh" and any(v[2].get("exact_form") for v in best.values()):
            # 华为终端 hits 'Huawei Device Co., Ltd.' as written: not the firm of that name in Hong Kong
            best = {e: v for e, v in best.items()
                    if not abroad_firm(v[2].get("qualifier_not_in_query"), country, query)}
        if script_of(query) == "ru":  # «48 ЦНИИ» Минобороны named whole: not the '48th … Institute, Kirov'
            left_out = outnamed(best)
            best = {e: v for e, v in best.items() if e not in left_out}
        script_weak = [e for e, v in best.items() if v[2].get("country") == "agree-by-script" and v[2]["weak_alias"]]
        if len(script_weak) > 1 and not (script_of(query) == "ru" and one_body(
                [self._names(e) for e in script_weak], {t for e in script_weak for t in best[e][2]["matched_tokens"]})):
            # "ОАО ‘ММЗ’": a short alias that several plants share names none of them; «ГРУ» names one body the
            # lists write twice, 'Main Intelligence Directorate' and '… Main Intelligence Directorate (GRU)'
            best = {e: v for e, v in best.items() if e not in script_weak}
        hits = [self._hit(query, *v) for v in best.values()]
        by_entry = dict(zip(best, hits, strict=True))
        twins = twin_scores({e: h.score for e, h in by_entry.items()}, self.twins, self.threshold)
        hits += [self._twin_hit(by_entry[e], score, t) for e, score, t in twins.values()]
        return sorted(hits, key=lambda h: (-h.score, h.entry_id))

    def _twin_hit(self, by: Hit, score: float, twin: Twin) -> Hit:
        """The hit of an entry that is the same organisation as `by`'s (twins.py), just below it."""
        e = self.entries[twin.entry]
        said = f"same organisation as '{by.entry}' ({by.list_name}): {twin.evidence}"
        listed = f"listed {e.listed_on}" if e.listed_on else "listing date not given"
        return msgspec.structs.replace(
            by, list_id=e.list_id, list_name=e.list_name, entry_id=e.entry_id, entry=e.name, score=score,
            matched_alias=twin.form, alias_kind="twin",
            features={**by.features, "twin_of": by.entry_id, "twin_evidence": twin.evidence},
            explanation=f"{said}; score {score:.4f}, just below that hit's {by.score:.4f}; {listed}; citation"
                        f" {e.citation or '-'}; list as of {e.source_date or '?'} ({e.source})",
            entry_country=e.country, program=e.program, listed_on=e.listed_on, citation=e.citation,
            source=e.source, source_date=e.source_date)

    def _hit(self, query: str, j: int, score: float, feats: dict, eng_method: str, form: str) -> Hit:
        alias = self.aliases[j]
        e = self.entries[alias.entry]
        eng, method = eng_method.split("|", 1)
        return Hit(
            query=query, list_id=e.list_id, list_name=e.list_name, entry_id=e.entry_id, entry=e.name,
            score=score, algorithm=ALGORITHM, matched_alias=alias.text, alias_kind=alias.kind,
            query_form=form if eng == form else f"{form} -> {eng}", method=method, features=feats,
            explanation=explain(score, feats, alias, e, form, eng, method),
            entry_country=e.country, program=e.program, listed_on=e.listed_on, citation=e.citation,
            source=e.source, source_date=e.source_date,
        )


_LEGAL_SYNONYMS = {"company": "co", "limited": "ltd", "corporation": "corp", "incorporated": "inc",
                   "societe": "sa", "aktiengesellschaft": "ag"}


_LATIN_TO_CYRILLIC_LOOK = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def named_whole(score: float, feats: dict, method: str) -> bool:
    """A hit by the whole name: every word of the query's reading matched, every word of the alias too, at the
    query's own level, the alias no acronym nor generic name, the reading no quoted core or short name read
    alone (that reading says less than the query)."""
    return (score >= WHOLE_NAME_SCORE and not feats.get("extra_query_tokens") and not feats.get("missing_alias_tokens")
            and feats.get("level") == "unit" and not feats.get("weak_alias") and CORE_LEFT_OUT not in method)


def _query_words(feats: dict) -> frozenset[str]:
    """The query's side of a hit's matched tokens ("radio~radio" -> "radio")."""
    return frozenset(t.split("~")[0] for t in feats.get("matched_tokens", ()))


def outnamed(best: dict[int, tuple]) -> set[int]:
    """Entries that another entry's whole-name hit (`named_whole`) leaves out: when a part of the query names
    one entry word for word, an entry hit from the same part, by no word beyond that whole-name hit's but generic
    ones (another reading of научно-исследовательский adds 'scientific'), whose alias says a word more than the
    query (a town, 'Yekaterinburg' beside the '48th Central Research Institute of the Ministry of Defence'; a
    field, 'Radio Equipment' beside 'Radio Engineering'; a brand, 'Gazprom Inform' beside 'RT-Inform') or leaves
    a word of the query unmatched ('Production Association Strela' beside 'NPO Strela' for «Научно-производственное
    объединение «Стрела»»), names another organisation than the one the query names. A hit that matched a word
    the whole-name reading set aside (the ministry of «27 Научный центр Министерства обороны», read whole as
    '27th Scientific Center') says more and stays, as does a hit from another part of an affiliation string."""
    whole = [(v[4], _query_words(v[2])) for v in best.values() if named_whole(v[1], v[2], v[3])]
    if not whole:
        return set()
    out = set()
    for e, v in best.items():
        words = _query_words(v[2])
        if words and (v[2].get("missing_alias_tokens") or v[2].get("extra_query_tokens")) and any(
                form == v[4] and words - said <= GENERIC_STEMS for form, said in whole):
            out.add(e)
    return out


def lookalike_cyrillic(alias: str, names: Sequence[str]) -> str | None:
    """The Cyrillic word an all-capitals alias is, typed in the Latin letters that look like it, when
    its romanisation is a word of the entry's other names: the Entity List's alias "BTK" of "VTK Ltd"
    (also "OOO VTK") is "ВТК", so a Cyrillic "БТК" is not it. None for any other alias."""
    if not re.fullmatch(r"[ABCEHKMOPTXY]{2,8}", alias.strip()):
        return None
    cyr = alias.strip().translate(_LATIN_TO_CYRILLIC_LOOK)
    latin = bgn_word(cyr).upper()
    if latin == alias.strip():
        return None
    words = {w for n in names if n != alias for w in re.findall(r"[A-Z0-9]+", n.upper())}
    return cyr if latin in words else None


@lru_cache(maxsize=100_000)
def _legal_words(text: str) -> frozenset[str]:
    return legal_words(text)


def legal_words(text: str) -> frozenset[str]:
    """Legal-form words of a name ("Co., Ltd." -> {co, ltd}; "S.R.L." -> {srl}), synonyms folded."""
    t = re.sub(r"(?<=\b\w)\.(?=\w\.)|(?<=\b\w\.\w)\.", "", unidecode(text).lower())  # s.r.l. -> srl
    words = (_LEGAL_SYNONYMS.get(w, w) for w in re.split(r"[^a-z0-9]+", t))
    return frozenset(w for w in words if w in LEGAL_WORDS)


_SQUASH_DROP = frozenset("technology technologies science sciences".split())


def squashed(text: str) -> str | None:
    """The words of a name run together, legal forms and "science and technology" left out
    ("Beijing Zhipu Huazhang Technology Co., Ltd." -> "beijingzhipuhuazhang"); None for one word,
    a short result or place names only."""
    words = [w for w in re.split(r"[^a-z0-9]+", unidecode(text).lower())
             if len(w) > 1 and w not in STOPWORDS and w not in _SQUASH_DROP]
    if len(words) < 2 or all(tokens(w) and tokens(w)[0] in place_stems() for w in words):
        return None
    joined = "".join(words)
    return joined if len(joined) >= 10 else None


@lru_cache(maxsize=100_000)
def _surface(text: str) -> str:
    return surface(text)


def surface(text: str) -> str:
    """A name as written, folded only for case, punctuation, spacing and legal-form synonyms."""
    t = re.sub(r"(?<=\b\w)\.(?=\w\.)|(?<=\b\w\.\w)\.", "", unidecode(text).lower())
    return " ".join(_LEGAL_SYNONYMS.get(w, w) for w in re.split(r"[^a-z0-9]+", t) if w)


def dropped_qualifier(name: str, form: str) -> str:
    """The parenthesised words of a list name that a shorter form of it leaves out, acronyms
    aside: 'Huawei Technologies (Bolivia) S.R.L.' -> 'Bolivia'."""
    if form == name:
        return ""
    inner = [i for i in re.findall(r"\(([^()]*)\)", name)
             if i.strip() and (not acronym_of(i) or country_code(i)) and i not in form]
    return "; ".join(inner)


def abroad_firm(qualifier: str | None, country: str | None, text: str) -> bool:
    """A list name's bracketed place that the Chinese name `text` does not write (香港) is a country or
    territory other than the query's (a Chinese name's: CN): the brand's firm registered there, another
    company than the entry without it ('Huawei Device (Hong Kong) Co., Limited' beside 'Huawei Device
    Co., Ltd.'; a town, 'Huawei Device (Dongguan)', says nothing: the firm may have been renamed)."""
    from techties.screen.structure import zh_place_names

    code = country_code(qualifier) if qualifier else None
    return (code is not None and code != (country or "CN")
            and not any(zh in text for zh, en in zh_place_names().items() if en == qualifier))


def form_differences(text: str, toks: tuple[str, ...], alias: Alias) -> tuple[str, list[str]]:
    """What keeps a full-token match from being the exact name: a qualifier of the list name that
    the query lacks, and legal-form words that differ when the query gives a legal form."""
    qualifier = alias.dropped if alias.dropped and not set(tokens(alias.dropped)) <= set(toks) else ""
    q_legal = _legal_words(text) if text else frozenset()
    legal = sorted(q_legal ^ alias.legal) if q_legal else []
    return qualifier, legal


def infer_countries(entries: list[ListEntry]) -> list[ListEntry]:
    """Give an entry without a country (the §1286 parse has none) the country that every other
    entry of the same name has, so that country agreement and conflict still count."""
    by_name: dict[str, set[str]] = defaultdict(set)
    for e in entries:
        if e.country:
            by_name[e.name.lower()].add(e.country)
    out = []
    for e in entries:
        known = by_name.get(e.name.lower(), set())
        out.append(msgspec.structs.replace(e, country=next(iter(known))) if not e.country and len(known) == 1 else e)
    return out


_LATIN_ACRONYM = re.compile(r"(?<![A-Za-z])(?=[A-Za-z]*[A-Z][A-Za-z]*[A-Z])[A-Za-z]{3,10}(?![A-Za-z])")
_SPACED_ACRONYM = re.compile(r"[A-Z]{1,4}(?:[ -][A-Z]{1,4})+")
_QUOTED_EN = re.compile(r"[“\"]\s*([^“”\"]+?)\s*[”\"]")
_PARENT_WORDS = frozenset(tokens("Russian Academy of Sciences Siberian Far East Ural Branch Petersburg"))
_COUNTRY_TOKENS = frozenset(tokens("Russian"))


def _added_country(method: str) -> frozenset[str]:
    """The tokens of the country word a reading adds (RU_COUNTRY_LEFT_OUT): the query never wrote them."""
    return _COUNTRY_TOKENS if RU_COUNTRY_LEFT_OUT in method else frozenset()


# Russian legal forms as the lists transliterate them: "Aktsionernoe Obshchestvo" names no one
_LEGAL_WORDS_RU = frozenset(tokens("Publichnoe Otkrytoe Zakrytoe Aktsionernoe Akcionernoe Obshchestvo Obshestvo "
                                   "Obshhestvo Ogranichennoy Otvetstvennostyu"))


def _own_words(text: str) -> list[str]:
    """Words of a unit's name that name it: five letters or more, neither a place, nor the
    Academy of Sciences, nor a legal form ("St. Petersburg", "Russian Academy of Sciences",
    "Aktsionernoe Obshchestvo" name no unit)."""
    return [t for t, w in _token_words(text).items()
            if len(t) >= 5 and skeleton(w) not in place_words() and t not in _PARENT_WORDS and t not in _LEGAL_WORDS_RU]


def _is_place(token: str, text: str) -> bool:
    """A token with a city's stem is a place when its whole word in `text` is the city's name
    ("Ravenstvo" is cut to the stem of "Ravensburg")."""
    word = _token_words(text).get(token)
    return word is None or skeleton(word) in place_words()


_LETTER_SUFFIX = re.compile(r"([^\W\d_]{4,})-([^\W\d_])(?![\w-])")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


@lru_cache(maxsize=100_000)
def letter_suffixes(text: str) -> tuple[frozenset[str], dict[str, str]]:
    """The long words of a name, by `skeleton` of their Latin spelling, and the one letter a hyphen
    joins to some of them ("Angstrem-T" -> {"angstrem": "t"}, "Ангстрем-Т" the same)."""
    def key(w: str) -> str:
        return skeleton(unidecode(w).lower())
    words = frozenset(key(w) for w in _LONG_WORD.findall(text))
    return words, {key(w): key(letter) for w, letter in _LETTER_SUFFIX.findall(text)}


def suffix_conflict(query_text: str, alias_text: str) -> bool:
    """A word both names share carries a hyphened letter in one and not the same in the other: the
    lists give 'Joint Stock Company Angstrem', 'Joint Stock Company Angstrem-T' and 'Angstrem-M' as
    three entries (three firms of Zelenograd), so the letter says which, and «Ангстрем» is none of
    the lettered ones nor «Ангстрем-Т» the bare one."""
    q_words, q_suffix = letter_suffixes(query_text)
    a_words, a_suffix = letter_suffixes(alias_text)
    return any(q_suffix.get(w) != a_suffix.get(w) for w in (q_suffix.keys() | a_suffix.keys()) & q_words & a_words)


@cache
def place_names() -> frozenset[str]:
    """GeoNames city names (population > 15k) as `place_key`s: each city's own name, and its other
    names of two or more words in Latin or Cyrillic letters ("Sergiev Posad", "Сергиев Посад" for
    Sergiyev Posad), but no other one-word names, codes or short forms ("PSS", "Zagorsk"), which
    firms share."""
    out = set()
    for c in geo.cities().values():
        out.add(place_key(c["name"]))
        for alt in c.get("alternatenames", ()):
            if (re.fullmatch(r"[A-Za-z\u0400-\u04ff' .-]+", alt) and len(alt.split()) >= 2
                    and not alt.isupper()):
                out.add(place_key(alt))
    out.discard("")
    return frozenset(out)


def place_key(text: str) -> str:
    """A name as `place_names` compares it: Latin letters, lower case, a town's "г." / "city of"
    left off, each word by its `skeleton` ("Sergiyev Posad" and "г. Сергиев Посад" meet)."""
    t = re.sub(r"[^a-z ]+", " ", unidecode(text).lower().replace("'", ""))
    words = t.split()
    while words and words[0] in ("g", "gorod", "city", "of"):
        words = words[1:]
    return " ".join(skeleton(w) for w in words)


def place_only(text: str) -> bool:
    """`text` is the name of a town and nothing else: the list's "Sergiev Posad" (a form of
    '48th Central Scientific Research Institute, Sergiev Posad', cut at its comma) or a query's
    "…, Сергиев Посад" names a town of many firms, no firm by itself."""
    letters = re.sub(r"\W+", "", text)  # "МАИ" (Moscow Aviation Institute) is initials, not the town of Mai
    return bool(letters) and not (letters.isupper() and len(letters) <= 6) and place_key(text) in place_names()


@cache
def place_words() -> frozenset[str]:
    """One-word city names (GeoNames, population > 15k) as whole words, by `skeleton`
    ("Dolgoprudny" is "Dolgoprudnyy"): "ravenstvo" is cut to the stem of "Ravensburg" but is no place."""
    return frozenset(skeleton(w) for c in geo.cities().values()
                     for w in [unidecode(c["name"]).lower().replace("'", "")] if " " not in w)


# initials of organisational words that the lists add to a unit's name, made only of their letters
# (Nauchno, Issledovatelsky, Tekhnichesky, Tsentralny, Vserossiysky, Konstruktorskoye, Byuro, Opytno,
# Proizvodstvenny, Spetsialny: "Scientific Research Institute NII Submikron", "… Institute NITI"), and
# legal forms; not any capitals: "ITEF", "ZALA", "KAMAZ" are the unit's own name
_RU_ABBR_EN = re.compile(r"(?:Gos|GOS|Ts|TS|[NITVKBOPS]){2,}|FGUP|FKP|FGBU|FSUE|FGAU|FAU|TD|VO|AO|OAO|ZAO|PAO|OOO|JSC|"
                         r"OJSC|CJSC|PJSC|LLC|LTD")
_BRANCH_EN = re.compile(r"^\s*branch\b", re.IGNORECASE)


def ru_unit_forms(entries: Sequence[ListEntry]) -> dict[int, list[tuple[str, str]]]:
    """The unit's own name inside a Russian or Belarusian list name that also names its parent, as a
    form of its own ("unit"): after a parent that heads several entries ("Concern Radio-Electronic
    Technologies, Joint Stock Company Zhiguli Radio Plant"), the part of a dashed name that says
    "Branch of …" set aside ("Kalyazinsky Machine Building Factory—Branch of RSK MiG"), a quoted
    name of two words or more ("United Shipbuilding Corporation JSC “Astrakhan Shipyard”"), and
    the name without the initials the lists add to it ("Scientific Research Institute NII
    Submikron"). Russian-language names and EU aliases write the unit alone."""
    ru = [i for i, e in enumerate(entries) if e.country in RU_LISTED_FORMS]
    heads: dict[str, int] = defaultdict(int)  # how many entries a head starts
    for i in ru:
        for h in {n.split(", ", 1)[0] for n in (entries[i].name, *entries[i].aliases) if ", " in n}:
            heads[h] += 1
    out: dict[int, list[tuple[str, str]]] = {}
    for i in ru:
        forms: list[str] = []
        for n in (entries[i].name, *entries[i].aliases):
            head, _, rest = n.partition(", ")
            if rest and heads[head] >= 2 and _own_words(rest):  # "…, Joint Stock Company Ravenstvo": one will do
                forms.append(rest)
            parts = [x for x in re.split(r"\s*—\s*", n) if x.strip()]
            own = [x for x in parts if not _BRANCH_EN.match(x)]
            if 1 <= len(own) < len(parts):
                forms.append(own[-1])
            forms += [m.group(1) for m in _QUOTED_EN.finditer(n) if len(tokens(m.group(1))) >= 2][:1]
            bare = " ".join(w for w in n.split() if not _RU_ABBR_EN.fullmatch(w.strip(",.()")))
            if bare != n and len(tokens(bare)) >= 2 and _own_words(bare):  # "… Institute NII Submikron"
                forms.append(bare)
            forms += paren_forms(n)
            if n.startswith("FL "):  # "FL NTTs A. Lyulki": FL is филиал, "branch" (НТЦ им. А. Люльки – филиал …)
                forms.append(n[3:])
        out[i] = [(f, "unit") for f in dict.fromkeys(forms) if f not in (entries[i].name, *entries[i].aliases)]
    return out


_FORMER = re.compile(r"^\s*(?:f\.?\s*k\.?\s*a\.?|formerly)\s*,?\s*(.+)$", re.IGNORECASE)


def paren_forms(name: str) -> list[str]:
    """Names a Russian entry gives in parentheses: a former name ("(f.k.a., Otkrytoe Aktsionernoe
    Obshchestvo Irkutskgazprom)": a renamed firm is still screened by its old name) and a one-word
    short name after its legal form ("(JSC TsNIIMash)" -> "TsNIIMash")."""
    out = []
    for inner in re.findall(r"\(([^()]*)\)", name):
        former = _FORMER.match(inner)
        if former:
            out.append(former.group(1).strip(" ,."))
            continue
        core = [w for w in inner.split() if not _RU_ABBR_EN.fullmatch(w.strip(",."))]
        if len(core) == 1 and len(core) < len(inner.split()) and len(core[0]) >= 5:
            out.append(core[0])
        elif _INITIALS_AND_NAME.fullmatch(inner) and inner.split()[1] in name.replace(f"({inner})", ""):
            out.append(inner)  # "(MMZ Avangard)": the plant's initials and its name, as Russians write it
    return out


# a short name of a plant's initials and its own name, the name also written out before it: 'Moscow Machine
# Building Plant Avangard (MMZ Avangard)' (АО «ММЗ «Авангард»), 'OJSC Ural Production Company Vector (UPP Vector)'
_INITIALS_AND_NAME = re.compile(r"[A-Z][A-Z]{1,4} [A-Z][a-z]{3,}")


def _alias_forms(alias: str) -> list[tuple[str, str]]:
    if acronym_of(alias):
        return [(alias, "acronym")]
    return [(t, "acronym" if k == "acronym" else "alias") for t, k in name_forms(alias)]


_ZH_ORG_END = re.compile(ZH_ORG_END + r"(?=..)")


def zh_heads(text: str) -> list[str]:
    """A Chinese affiliation written as one run, institution then department (CNKI style:
    "华为技术有限公司机械工程学院"): each head that ends with an organisation word. A name in traditional
    script is cut in simplified script, where the organisation words are written (中山大學（廣州） has the
    head 中山大学, as 中山大学（广州） has)."""
    if script_of(text) != "zh":
        return []
    text = simplified(text)
    if territory_qualifier(text):
        return []
    return [text[: m.end()] for m in _ZH_ORG_END.finditer(text)]


_ZH_BRACKETED = re.compile(r"[（(]([^（）()]+)[）)]")


def territory_qualifier(text: str) -> str | None:
    """The country code of a bracketed territory other than the mainland that a Chinese name writes
    (国防大学（台湾）: Taiwan's National Defense University): such a name is no run of an institution and a
    department, so its head (国防大学, the PLA's) is not tried alone. A bracketed city is a campus
    (中山大学（广州）) and says nothing."""
    from techties.screen.structure import ZH_PROVINCES

    for inner in _ZH_BRACKETED.findall(simplified(text)):
        place = _ZH_PLACE_ENDING.sub("", inner.strip().removeprefix("中国"))  # 中国台湾, 台湾省, 台北市
        code = "TW" if place in _TW_PLACES else country_code(ZH_PROVINCES.get(place, ""))
        if code and code != "CN":
            return code
    return None


_ZH_PLACE_ENDING = re.compile(r"(?:省|市|县|特别行政区|地区)$")
# Taiwan's cities and counties (ISO 3166-2:TW subdivision names, simplified, without 市/县): a bracketed
# 台北 says Taiwan as 台湾 does
_TW_PLACES = frozenset("台北 新北 桃园 台中 台南 高雄 基隆 新竹 嘉义 苗栗 彰化 南投 云林 屏东 宜兰 花莲 台东 澎湖 "
                       "金门 连江".split())


def query_forms(query: str, segments: list[str]) -> list[str]:
    """The parts of a query worth matching: the whole name, each segment of an affiliation and
    each pair of neighbouring segments ("Chinese Acad Sci, Inst Phys"), and the institution heads
    of a Chinese segment written in one run are tried by `screen` when none of these hits. A Chinese form
    without the city and postcode CNKI writes after a name (`zh_without_address`), once, so that every reading
    and rule sees the name alone (国防科技大学计算机学院，湖南长沙410073)."""
    forms = [query.strip()] if len(segments) <= 1 else []
    forms += segments
    forms += [f"{a}, {b}" for a, b in zip(segments, segments[1:], strict=False)]
    return list(dict.fromkeys(zh_without_address(f) if script_of(f) == "zh" else f for f in forms if f))


def explain(score: float, feats: dict, alias: Alias, e: ListEntry, form: str, eng: str, method: str) -> str:
    """One sentence a reader can check: which alias, which features, which list and date."""
    read = f"'{form}'" + (f" read as '{eng}' ({method})" if eng != form else "")
    parts = [
        f"{read} matches {alias.kind} '{alias.text}' of '{e.name}' on {e.list_name}",
        f"score {score:.2f} ({ALGORITHM}: token overlap {feats['token_overlap']:.2f},"
        f" fuzzy {feats['fuzzy_ratio']:.2f}, country {feats['country']}"
        + (", weak alias" if feats["weak_alias"] else "") + ")",
    ]
    if feats.get("short_name"):
        sn = feats["short_name"]
        parts.append(f"{sn['kind']}: «{sn['query']}» from the entry's words '{sn['entry_words']}'"
                     " (a short name: weaker than a full name)")
    if feats.get("squashed_match"):
        parts.append(f"same distinctive words run together ('{feats['squashed_match']}')")
    if feats.get("level") == "parent":
        parts.append("parent-level match: the sub-unit named in the query is not on the list, its parent is")
    if feats.get("group_listed_company"):
        parts.append("the query names a group; the entry is a company of it, another legal person")
    if feats.get("numbers_conflict"):
        parts.append("numbers differ")
    if feats.get("qualifier_not_in_query"):
        parts.append(f"the list name adds '{feats['qualifier_not_in_query']}', which the query lacks")
    if feats.get("legal_form_differs"):
        parts.append(f"legal form differs ({', '.join(feats['legal_form_differs'])})")
    if feats["extra_query_tokens"] or feats["missing_alias_tokens"]:
        parts.append(f"unmatched: query {feats['extra_query_tokens']}, alias {feats['missing_alias_tokens']}")
    listed = f"listed {e.listed_on}" if e.listed_on else "listing date not given"
    parts.append(f"{listed}; citation {e.citation or '-'}; list as of {e.source_date or '?'} ({e.source})")
    return "; ".join(parts)
