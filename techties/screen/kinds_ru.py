"""Kinds of organisation a Russian name states outside its quoted core, against the kinds a list entry states.

A quoted core read alone ("the rest left out", `structure.core_readings`; the "core name" of
`short_names_ru`) hits the list entry of that word. The words left out often say what kind of
organisation the query is: АО «Завод «Пластик» is a plant, АО «ГСКБ «Алмаз-Антей» a design bureau,
журнал «Квант» a magazine. When the entry's names state kinds, and none of them is the query's, the
core names another organisation of that word ('Special Design and Technology Bureau Plastic', the
'Joint-Stock Company Concern Almaz-Antey'); when no list name at all states the query's kind (magazines,
cinemas, sports clubs), nothing listed is one. Each row of `KINDS` names its source: list names that
write the English words (BIS Entity List, as shipped), or a dictionary for the kinds no list writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from unidecode import unidecode


class Kind:
    """One kind of organisation: Russian word stems and initials that state it, English words the lists use.

    `initials`: whole words that state the kind (КБ, ОКБ, НИИ, ТРК, ХК), read by `ru_kinds`, by the kind
    initials comparison (`kind_part`) and, as no acronym of one body, by structure.RU_KIND_INITIALS.
    `capitals`: capital letters that state the kind inside any initialism (КБ in ГСКБ, ОКБ, ГосМКБ; НИИ in
    ЦНИИмаш; in Latin capitals 'GosMKB'), read by the unit readers (`unit_kinds_left`, `names_state_kind`) and
    as `KIND_LETTERS` by the kind initials readers. `words_read`: False for a kind the word readers
    (`ru_kinds`, `en_kinds`) leave out, read by the unit readers only (an enterprise: its word is also every
    written-out unitary enterprise's legal form, государственное унитарное предприятие)."""

    def __init__(self, name: str, stems: str, initials: str, english: str, source: str, *, capitals: str = "",
                 words_read: bool = True) -> None:
        self.name = name
        self.stems = tuple(stems.split())
        self.initials = frozenset(initials.split())
        self.english = frozenset(english.split())
        self.source = source
        self.capitals = tuple(capitals.split())
        self.words_read = words_read


# One table of the kinds, read three ways: whole words by `ru_kinds` / `en_kinds` (a core read alone, kinds_ru);
# Russian stems, whole Latin words and capitals by `unit_kinds_left` / `names_state_kind`
# (`structure.core_kind_conflict`: a unit a group names after itself); initials and capitals by the kind initials
# comparison (`kind_initials_conflict`) and structure.RU_KIND_INITIALS. `UNIT_KINDS` names the kinds of unit, in
# the order the unit reader tries them.
KINDS: tuple[Kind, ...] = (
    Kind("plant", "завод фабрик комбинат верф", "",
         "plant factory works yard zavod zavody fabrika kombinat shipyard verf",
         "Entity List: 'JSC 140 Repair Plant', 'Alagir Resistor Factory', 'Joint Stock Company Tula Cartridge "
         "Works', 'PAO Amurskiy Sudostroitelnyy Zavod', 'PAO Motovilikhinskie Zavody', 'Admiralty Shipyard JSC', "
         "'Joint Stock Company Khabarovsk Shipbuilding Yard' (glossary_ru.yaml завод, верфь)"),
    Kind("design bureau", "бюро", "кб окб скб цкб гскб сктб спкб пкб ктб",
         "bureau byuro kb okb skb tskb gskb sktb spkb pkb ktb",
         "Entity List: 'A. Lyulki Experimental-Design Bureau', 'ZAO Spetsialnoe Konstruktorskoe Byuro', "
         "'OKB Luch Limited Liability Company', 'SKTB Plastik' (glossary_ru.yaml бюро)", capitals="КБ"),
    Kind("research institute", "институт", "нии цнии гнии гниии", "institute institut nii tsnii gnii",
         "Entity List: 'All Russia Scientific Research Institute of Optical Physical Measurements', "
         "'Institut Prikladnoi Fiziki', 'NII Vektor'", capitals="НИИ"),
    Kind("association", "объединени", "нпо цнпо", "association obedinenie obedineniye obyedineniye obedinenye npo",
         "Entity List: 'Joint Stock Company Scientific Production Association Impulse', 'Etalon Scientific and "
         "Production Association', 'AO Nauchno-Proizvodstvennoe Obedinenie Impuls', 'NPO Etalon' "
         "(https://en.wiktionary.org/wiki/объединение; НПО научно-производственное объединение)", capitals="НПО"),
    Kind("enterprise", "предприяти", "нпп", "enterprise predpriyatie predpriyatiye npp",
         "Entity List: 'Scientific-Production Enterprise Almaz JSC', 'Public Joint Stock Company Scientific "
         "Production Enterprise Impulse' (https://en.wiktionary.org/wiki/предприятие; НПП научно-производственное "
         "предприятие)", capitals="НПП", words_read=False),
    # a concern and a corporation are one kind: the lists write «Концерн «Российские системы» 'Russian Systems
    # Corporation'
    Kind("group", "концерн корпорац", "", "concern kontsern corporation korporatsiya corp",
         "Entity List: 'Joint-Stock Company Concern Almaz-Antey', 'AO Kontsern NPO Avrora', 'Strategic Control "
         "Posts Corporation', 'AO Korporatsiya Morskogo Priobostroeniya', 'Open Joint Stock Company Russian "
         "Systems Corporation' (glossary_ru.yaml концерн, корпорация)"),
    Kind("press", "журнал газет издательств", "", "magazine journal newspaper publishing publisher",
         "https://en.wiktionary.org/wiki/журнал, /газета, /издательство; no list name writes these words"),
    Kind("cinema or theatre", "кинотеатр театр", "", "cinema theatre theater",
         "https://en.wiktionary.org/wiki/кинотеатр, /театр; no list name writes these words"),
    Kind("sports club", "клуб", "хк фк пфк мфк", "club",
         "https://en.wiktionary.org/wiki/клуб; ХК хоккейный клуб, ФК футбольный клуб "
         "(https://ru.wiktionary.org/wiki/ХК, /ФК); no list name writes 'club'"),
    Kind("museum", "музе", "", "museum", "https://en.wiktionary.org/wiki/музей; no list name writes 'museum'"),
    Kind("broadcaster", "телерадиокомпани телекомпани телеканал", "трк",
         "broadcaster teleradiokompaniya telekompaniya telekanal",
         "https://en.wiktionary.org/wiki/телекомпания, /телеканал; ТРК телерадиокомпания: EU 269/2014 entry 218 "
         "writes «ТРК ВС РФ «ЗВЕЗДА»» for «Телерадиокомпания Вооруженных Сил Российской Федерации «ЗВЕЗДА»»; no "
         "list name writes these words"),
)
WORD_KINDS = tuple(k for k in KINDS if k.words_read)  # the kinds `ru_kinds` and `en_kinds` read
UNIT_KINDS = ("design bureau", "research institute", "enterprise", "association", "plant")

def kind(name: str) -> Kind:
    """The row of `KINDS` of that name."""
    return next(k for k in KINDS if k.name == name)


def _unit_pattern(words: Iterable[str], capitals: Iterable[str], *, cyrillic: bool) -> re.Pattern[str]:
    """One kind's words read as stems, and its capitals inside any initialism (as written in Cyrillic, in
    capitals only; romanised in Latin, in capitals too: 'GosMKB', not 'Gunpowder'), each a whole word:
    hyphenated parts are no words of their own. Latin words are whole words as the table writes them, or
    their English plural (`_latin_forms`): 'Corps' is no 'corp', 'Workshop' no 'works'."""
    caps = "|".join(capitals) if cyrillic else "|".join(unidecode(c).upper() for c in capitals)
    parts = [rf"(?-i:\w*(?:{caps})\w*)"] if caps else []
    parts += [rf"{w}\w*" for w in sorted(words)] if cyrillic else [
        re.escape(f) for w in sorted(words) for f in _latin_forms(w)]
    edge = (r"(?<![\w-])", r"(?![\w-])") if cyrillic else (r"\b", r"\b")
    return re.compile(rf"{edge[0]}(?:{'|'.join(parts)}){edge[1]}", re.IGNORECASE)


def _latin_forms(word: str) -> tuple[str, ...]:
    """A Latin word of the table and its English plural ('plants', 'factories', 'enterprises'); short words
    (four letters at most: 'corp', 'kb', 'npo', 'yard') take none: they are abbreviations, and 'corps' is
    another word."""
    if len(word) <= 4:
        return (word,)
    return (word, word[:-1] + "ies" if word.endswith("y") else word + "s")


@cache
def _unit_patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    return tuple((name, _unit_pattern(kind(name).stems, kind(name).capitals, cyrillic=True),
                  _unit_pattern(kind(name).english, kind(name).capitals, cyrillic=False)) for name in UNIT_KINDS)


def unit_kinds_left(text: str) -> list[tuple[str, str]]:
    """The kinds of unit (`UNIT_KINDS`) the Russian words of `text` state, each with the first word that
    states it, in `UNIT_KINDS` order: "ГСКБ" (design bureau), "институту" (research institute)."""
    return [(w.group(0), name) for name, ru, _ in _unit_patterns() if (w := ru.search(text))]


def names_state_kind(name: str, names: str) -> bool:
    """Whether English list names (joined) state a kind of unit, by a whole word ('Plant', 'Institutes') or
    romanised capitals written in capitals inside a word ('GosMKB', 'TsNIIMash')."""
    return next(en for k, _, en in _unit_patterns() if k == name).search(names) is not None


GROUP_KINDS = frozenset({"group"})  # the kinds of a group that names its units after a comma
_CYR_WORD = re.compile(r"[А-Яа-яЁё]+")
_LAT_WORD = re.compile(r"[a-z]+")
_CORE = re.compile(r"(?:quoted core(?: part)?|short name|core name) «(.*?)»(?:, the rest left out\)| of ')")


def ru_kinds(text: str) -> frozenset[str]:
    """Kinds the Russian words of `text` state ("АО «Тамбовский завод" -> plant; "ХК" -> sports club)."""
    out = set()
    for w in _CYR_WORD.findall(text):
        low = w.lower()
        for k in WORD_KINDS:
            if low in k.initials or any(low.startswith(s) for s in k.stems):
                out.add(k.name)
    return frozenset(out)


def en_kinds(name: str) -> frozenset[str]:
    """Kinds an English list name states; a parent before a comma ("Tactical Missile Corporation, Joint
    Stock Company Avangard") that states a group's kind only is the group's, not the unit's, and is left out
    ('Almaz-Antey Air Defense Concern Main System Design Bureau, JSC' keeps its design bureau)."""
    head, _, unit = name.partition(", ")
    if unit and en_kinds_of(head) and en_kinds_of(head) <= GROUP_KINDS:
        name = unit
    return en_kinds_of(name)


def en_kinds_of(text: str) -> frozenset[str]:
    words = set(_LAT_WORD.findall(unidecode(text).lower()))
    return frozenset(k.name for k in WORD_KINDS if words & k.english)


def entry_writes(word: str, names: Iterable[str]) -> bool:
    """Whether an entry's names write a Russian word transliterated, as a whole word: initials the entry
    itself bears ('PFK Profpodshipnik, LLC' for ООО «ПФК «Профподшипник») are its own, not a kind they state
    (ПФК is also a football club's)."""
    lat = unidecode(word).lower()
    return any(lat in _LAT_WORD.findall(unidecode(n).lower()) for n in names)


def left_out_text(text: str, method: str) -> str | None:
    """The query words a core-alone reading left out: `text` without its quoted core, or None when the
    reading (its method, as `structure.core_readings` or `short_names_ru` write it) read no core alone."""
    m = _CORE.search(method)
    if not m:
        return None
    if m.group(1) in text:
        return text.replace(m.group(1), " ")
    return words_left_out(text, m.group(1))


@cache
def _unlisted(words: frozenset[str]) -> frozenset[str]:
    return frozenset(k.name for k in WORD_KINDS if not (words & k.english))


def unlisted_kinds(list_words: Iterable[str]) -> frozenset[str]:
    """Kinds none of whose English words any list name writes (press, cinemas, sports clubs, museums)."""
    return _unlisted(frozenset(list_words))


def outside_cores(text: str, cores: Iterable[str]) -> str:
    """`text` without its quoted core names: the words that say what kind of organisation it is."""
    for c in sorted(cores, key=len, reverse=True):
        text = text.replace(c, " ")
    return text


def words_left_out(text: str, core: str) -> str | None:
    """`text` without the words of a core name that a reading wrote without its inner quote marks
    (`short_names_ru` reads «Завод ‘Луч’» as the core name «Завод Луч», no substring of the text), or
    None when one of its words is not in the text."""
    words = _CYR_WORD.findall(core)
    if not words or any(re.search(rf"(?<![А-Яа-яЁё]){re.escape(w)}(?![А-Яа-яЁё])", text) is None for w in words):
        return None
    for w in words:
        text = re.sub(rf"(?<![А-Яа-яЁё]){re.escape(w)}(?![А-Яа-яЁё])", " ", text, count=1)
    return text


# Letters that state a kind of organisation inside a Russian initialism: the capitals of `KINDS` and ПО
# (производственное объединение, a production association: ВПО, НПО), and their romanisations in Latin initials
KIND_LETTERS = (*(c for k in KINDS for c in k.capitals), "ПО")
# Latin legal forms an entry writes before its initials ('AO KB Tochmash', 'JSC NPP Almaz')
_LATIN_FORMS = frozenset("ao oao pao zao nao ooo jsc ojsc pjsc cjsc llc ltd fgup fsue gup sue ano".split())


def _initials_of(words: Sequence[str]) -> str:
    """Initials of words: an initialism's own capitals ("МКБ", "ЦНИИмаш" -> ЦНИИ; six letters at most in
    capitals), a word's first letter ("Научно" -> Н, "Гос" -> Г). Words written all in capitals, one of
    them longer than six letters, are a name set in capitals: each counts by its first letter ("БЮРО")."""
    set_in_caps = any(w.isupper() and len(w) > 6 for w in words)
    out = []
    for w in words:
        caps = [c for c in w if c.isupper()]
        initialism = len(caps) >= 2 and (not w.isupper() or (len(w) <= 6 and not set_in_caps))
        out.append("".join(caps) if initialism else w[0].upper())
    return "".join(out)


def kind_initials_before(text: str, core: str) -> str | None:
    """The initials of the kind a Russian name writes right before its quoted `core`, legal form and small
    words aside, each hyphenated part counted: "АО «КБ «Вымпел»" -> КБ, "AO «ВПО «Точмаш»»" -> ВПО,
    "«Научно-Производственное Объединение «Алмаз»" -> НПО, "АО КОНСТРУКТОРСКОЕ БЮРО ПО ПРОЕКТИРОВАНИЮ СУДОВ
    «ВЫМПЕЛ»" -> КБПС. None when the core is not quoted there or the initials hold no `KIND_LETTERS`."""
    from techties.screen.structure import _RU_SMALL_WORDS, parse_ru, ru_quotes

    t = ru_quotes(text)
    i = t.find("«" + core)
    if i < 0:
        return None
    before = re.split(r"[«»()]", t[:i])[-1]
    words = [w for w in re.split(r"[\s\-–—]+", parse_ru(before).base) if w and w.lower() not in _RU_SMALL_WORDS]
    if not words or not all(_CYR_WORD.fullmatch(w) for w in words):
        return None
    initials = _initials_of(words)
    return initials if any(c in initials for c in KIND_LETTERS) else None


def entry_kind_initials(core: str, names: Iterable[str]) -> frozenset[str]:
    """The Latin initials an entry's names write right before the word of `core` ('AO Gos MKB “Vympel”' ->
    gmkb, 'AO KB Tochmash' -> kb, 'JSC NPP Almaz' -> npp), legal forms aside, that state a kind
    (`KIND_LETTERS` romanised); English initials ('Concern CSRI Elektropribor') state none and are left out."""
    from techties.screen.structure import bgn

    key = re.sub(r"[^a-z]", "", unidecode(bgn(core)).lower())
    letters = [unidecode(c).lower() for c in KIND_LETTERS]
    out = set()
    for n in names:
        toks = [w for w in re.split(r"[\s\-–—“”„\"'‘’«»,()]+", n) if w]
        for j, w in enumerate(toks):
            if len(key) < 4 or re.sub(r"[^a-z]", "", unidecode(w).lower()) != key:
                continue
            run = []
            for x in reversed(toks[:j]):
                if x.lower() in _LATIN_FORMS or not (x.isupper() and 2 <= len(x) <= 6 or x == "Gos"):
                    break
                run.insert(0, x)
            initials = _initials_of(run).lower()
            if initials and any(c in initials for c in letters):
                out.add(initials)
    return frozenset(out)


def core_of(method: str) -> str | None:
    """The core a core-alone reading read (its method, as `structure.core_readings` or `short_names_ru`
    write it), or None."""
    m = _CORE.search(method)
    return m.group(1) if m else None


def kind_initials_conflict(text: str, core: str, names: Iterable[str]) -> bool:
    """A quoted core read alone whose name writes one kind of organisation before it by initials and the
    entry another before the same word, and not the query's: another body of that proper name («КБ
    «Вымпел»» is not 'AO Gos MKB “Vympel”'; «ВПО «Точмаш»» not 'AO KB Tochmash'; «НПО «Алмаз»» not 'JSC NPP
    Almaz'), unless a name of the entry writes the query's initials (in any romanisation the lists meet).
    `core` may be a core name that holds the kind words ("Научно-Производственное Объединение Алмаз"): each
    quoted core of `text` whose words it holds is read."""
    from techties.screen.structure import acronym_spellings, quoted_cores, ru_quotes

    names = list(names)
    t = ru_quotes(text)
    words = set(core.split())
    cores = [core] if "«" + core in t else [c for c in quoted_cores(t) if set(c.split()) <= words and c != core]
    for c in cores:
        mine = kind_initials_before(text, c)
        theirs = entry_kind_initials(c, names) if mine else frozenset()
        if not theirs:
            continue
        spelt = {kind_part(s, latin_kind_codes()) for s in acronym_spellings(kind_part(mine, _CYR_KIND_CODES))}
        if not {kind_part(x, latin_kind_codes()) for x in theirs} & spelt:
            return True
    return False


# The initials that state a kind, the capitals and initials of `KINDS` (КБ, ОКБ, НИИ, НПО, НПП, ТРК…) and ПО
_CYR_KIND_CODES = tuple(sorted({c.lower() for c in KIND_LETTERS} | {i for k in KINDS for i in k.initials},
                               key=len, reverse=True))
# a state prefix before the kind: Г (государственное, Гос), ФГ (федеральное государственное): ГосМКБ, ГНПП
_STATE_PREFIX = ("фг", "г", "fg", "g")


@cache
def latin_kind_codes() -> tuple[str, ...]:
    """`_CYR_KIND_CODES` in the romanisations the lists meet (structure.acronym_spellings): kb, tsnii, cnii…"""
    from techties.screen.structure import acronym_spellings

    return tuple(sorted({s for c in _CYR_KIND_CODES for s in acronym_spellings(c.upper())}, key=len, reverse=True))


def kind_part(initials: str, codes: Sequence[str]) -> str:
    """The kind a string of initials states, lower case: a leading state prefix left out (ГМКБ, 'gmkb' ->
    мкб, mkb; ГНПП -> нпп) and the initials of descriptive words after the kind (КБХМ, КБ химического
    машиностроения -> кб; НППЭТ, НПП электронной техники -> нпп). Initials before the kind stay: МКБ, a
    machine-building design bureau, is another kind than КБ. Unchanged when no kind `codes` are in it."""
    low = initials.lower()
    for pre in _STATE_PREFIX:
        if low.startswith(pre) and any(c in low[len(pre):] for c in codes):
            low = low[len(pre):]
            break
    ends = [low.find(c) + len(c) for c in codes if c in low]
    return low[:min(ends)] if ends else low


BRANCH_WORDS = frozenset({"branch", "filial"})  # 'FSUE Rosmorport Far Eastern Basin Branch', 'Filial “35 …”'


def branch_entry(names: Iterable[str]) -> bool:
    """Every name of the entry is a branch of another organisation ('FSUE Rosmorport Far Eastern Basin
    Branch'): the parent's quoted name read alone («Росморпорт») names the parent, not this one unit of it."""
    names = list(names)
    return bool(names) and all(set(_LAT_WORD.findall(unidecode(n).lower())) & BRANCH_WORDS for n in names)


# a branch, as Russian names write it: филиал, ФЛ (in capitals: EU 269/2014 entry 224 «ФЛ ‘Завод ‘Звезда’’ ФГУП
# ‘НПЦАП’», the branch 'Plant Zvezda' of the NPTsAP)
_BRANCH_RU = re.compile(r"(?<![\w-])(?:филиал\w*|(?-i:ФЛ))(?![\w-])", re.IGNORECASE)


def branch_core_company(text: str, core: str, names: Iterable[str]) -> bool:
    """`core` is the own name of a branch (филиал, ФЛ: no legal person) of a company the query names after
    it by a legal form and a quoted name («ФЛ «Завод «Звезда»» ФГУП «НПЦАП»»), and every name of the entry
    states a company form and none a branch ('PJSC Zvezda'): another legal person of the branch's name.
    The company's own core («НПЦАП») and a branch named after its company («Филиал АО «Звезда»») are not."""
    from techties.screen.structure import latin_company_families, parse_ru, ru_quotes

    t = ru_quotes(text)
    i = t.find("«" + core)
    if i < 0 or not _BRANCH_RU.search(t):
        return False
    after = t[i + 1 + len(core):]
    if "«" not in after or not parse_ru(after.split("«")[0]).legal:
        return False
    names = list(names)
    return bool(latin_company_families(names)) and not branch_entry(names) and not any(
        set(_LAT_WORD.findall(unidecode(n).lower())) & BRANCH_WORDS for n in names)


def kind_conflict(text: str, method: str, names: Iterable[str], unlisted: frozenset[str]) -> bool:
    """A core read alone whose left-out words state a kind that no list names (журнал «Квант») or that the
    entry's names do not state while they state others (АО «Завод «Пластик» and 'Special Design and
    Technology Bureau Plastic'; АО «ГСКБ «Алмаз-Антей» and 'Joint-Stock Company Concern Almaz-Antey'); or
    an entry that is a branch of the organisation the core names (`branch_entry`)."""
    left = left_out_text(text, method)
    if left is None:
        return False
    names = list(names)
    if branch_entry(names):
        return True
    core = _CORE.search(method).group(1)  # the core's own kind word: «Завод «Луч»» read as one core name
    said = ru_kinds(" ".join(w for w in _CYR_WORD.findall(left + " " + core) if not entry_writes(w, names)))
    if not said:
        return False
    if said & unlisted:
        return True
    entry = frozenset().union(*(en_kinds(n) for n in names))
    return bool(entry) and not (said & entry)


# the words of a group of firms as the lists write them: 'Avia Group LLC', 'Stroytransgaz Holding'
GROUP_WORDS = frozenset({"group", "grupp", "gruppa", "holding", "holdings"})
# "Группа компаний" (a group of companies) heading an unquoted name: the firm is a group. Not «Холдинг»: Rostec
# writes its holdings "Холдинг «Швабе»", "Холдинг Росэлектроника", and the lists name the holding company
GROUP_HEADS = (("группа", "компаний"), ("группа", "компании"))  # the second as the lists' 'Gruppa Kompanii' reads back


# the Russian of GROUP_WORDS, read as stems: холдинг, группа ("Холдинг «Швабе»", «Арт Логистик Групп»)
GROUP_STEMS = ("холдинг", "групп")


@cache
def _group_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    g = kind("group")
    return (_unit_pattern((*g.stems, *GROUP_STEMS), (), cyrillic=True),
            _unit_pattern((*g.english, *GROUP_WORDS), (), cyrillic=False))


def ru_says_group(text: str) -> bool:
    """Whether a Russian word of `text` states a group: a concern, corporation, holding or group of firms."""
    return _group_patterns()[0].search(text) is not None


def names_state_group(names: str) -> bool:
    """Whether English list names (joined) state a group: 'Concern', 'Corporation', 'Kontsern', 'Holding'."""
    return _group_patterns()[1].search(names) is not None


def quoted_group(text: str) -> bool:
    """The innermost quoted name of a Russian query has a word read as a group of firms («Апекс Групп»,
    «Арт Логистик Групп», «… Холдинг»): part of the registered name, which says the firm is a group. A name
    with no quotes says so by its first words after the legal form, "группа компаний" ("ООО Группа компаний
    Касперского", as the lists' 'OOO Gruppa Kompanii Kasperskogo' reads back), not by a group word in a
    genitive that names the group a member is of ("компания финансово-промышленной группы")."""
    from techties.screen.names import translate_ru
    from techties.screen.structure import parse_ru, quoted_cores

    cores = quoted_cores(text)
    if not cores:
        return tuple(w.lower() for w in _CYR_WORD.findall(parse_ru(text).base)[:2]) in GROUP_HEADS
    return any(translate_ru(w) in GROUP_WORDS for w in _CYR_WORD.findall(cores[0]))


def names_say_group(names: Iterable[str]) -> bool:
    """Whether any of an entry's names calls it a group or holding: a firm registered as «X Групп» is
    another than the listed 'X', 'X LLC' (the lists keep such words: 'Avia Group LLC', 'Best Komp Group')."""
    return any(set(_LAT_WORD.findall(unidecode(n).lower())) & GROUP_WORDS for n in names)
