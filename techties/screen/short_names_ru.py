"""Russian short names: an acronym or a quoted core name that stands for a list entry written out in English.

A Russian firm is often named by its legal form and its short name alone ("ОАО ‘ВМЗ’", "АО «Азимут»")
while the list writes it out in English ("Joint Stock Company Volsk Mechanical Plant", "Rostekh—Azimuth").
Two mechanisms, both for Cyrillic queries and Russian or Belarusian entries only:

- **initials**: each English word of an entry's name is read back to the Russian word it translates
  (the glossary's `ru:` rows and `glossary_ru.yaml` variants, reversed) or transliterates (its first
  letters back to Cyrillic), and the Russian initials are compared with the query's acronym
  ("Volsk Mechanical Plant" -> Вольский механический завод -> ВМЗ);
- **core name**: the proper words of a quoted name ("Азимут", "ИТ-Папилон") read as the lists spell
  them (BGN/PCGN, GOST, glossary), all found as whole words of an entry's names, and rare: on at most
  CORE_ROR_MAX ROR English names, and named by one company of all the lists, any country ("Center",
  "Signal" are not); organisational words around it ("НИИ «Кулон»") are context only.

Either is a hit only when one company has it (entries of one name on several lists count once); when a
few do (TIE_MAX), the query's own legal form may pick the one whose names state an agreeing form
("ПАО" = "Public Joint Stock Company") when the others state another. A person's name, an eponym, a
two-letter acronym and a company form the entry states otherwise name nothing. Hits score
INITIALS_SCORE / CORE_NAME_SCORE: clearly below a full-name match, just above the default threshold,
and the explanation says "initials" or "core name" and which entry words gave them. They are tried
only when no other reading of a Cyrillic query hits (`Matcher._screen_form`).
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Sequence
from functools import cache

from unidecode import unidecode

from techties.screen.names import (
    GENERIC_WORDS,
    STOPWORDS,
    data_yaml,
    glossary,
    ru_variants,
    token_words,
    tokens,
    translate_ru,
)
from techties.screen.ror_names import shipped
from techties.screen.structure import (
    RU_KIND_INITIALS,
    acronym_spellings,
    bgn,
    cognate_key,
    gost,
    parse_ru,
    quoted_cores,
    ru_company_family,
    structural_features,
)

INITIALS_SCORE = 0.86  # a full-name match scores 0.95-1.0; the default threshold is 0.85
CORE_NAME_SCORE = 0.86
CORE_ROR_MAX = 2  # a core word on more ROR English names than this is a common word ("Center": 131)
# an acronym of two letters names too many firms to name one: ООО «РВ» is "Russkoe Vremya" and the
# Rybinsk shipyard alike (measured on dev-a: one of its two two-letter short forms went to another firm)
MIN_LETTERS, MAX_LETTERS = 3, 6
CORE_ALONE_MIN = 7  # a quoted proper word this long is a name on its own, whatever words surround it
TIE_MAX = 3  # more companies than this share the short name: it is common, the legal form cannot decide
RU_ENTRY_COUNTRIES = frozenset({"RU", "BY"})

# the Russian letters an English spelling of a word's start stands for (BGN/PCGN, GOST, English spelling)
_LATIN_START = (("shch", "щ"), ("sch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
                ("tz", "ц"), ("ya", "я"), ("yu", "ю"), ("ye", "е"), ("yo", "её"), ("ph", "ф"), ("th", "т"))
_LATIN_LETTER = {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "еэ", "z": "з", "i": "и", "y": "йи",
                 "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т",
                 "u": "у", "f": "ф", "h": "хг", "c": "кцс", "x": "к", "w": "в", "j": "джй", "q": "к"}
# legal forms and the kind of state body as the lists write them: no letter of the firm's own acronym
_EN_LEGAL = re.compile(
    r"\b(?:(?:open|closed|public|non-public)\s+)?joint[\s-]+stock\s+company\b|\blimited\s+liability\s+company\b"
    r"|\bfederal\s+state\s+(?:unitary|budgetary|autonomous|treasury)\s+(?:enterprise|institution)\b"
    r"|\b(?:otkrytoe\s+|zakrytoe\s+|publichnoe\s+)?a[kc]tsi?onernoe\s+obshchestvo\b"
    r"|\bobshchestvo\s+s\s+ogranichennoi\s+otvetstvennostyu\b"
    r"|\b(?:[pocz]?jsc|oao|zao|pao|nao|ao|ooo|llc|ltd|inc|fsue|fgup|fgbu|fkp|co)\b\.?", re.IGNORECASE)
_EPONYM_EN = re.compile(r"\b(?:named\s+after|in\s+the\s+name\s+of|n\.\s*a\.|imeni|im\.)\s.*$", re.IGNORECASE)
_SMALL = frozenset("of and the for in on at by to".split())
_CYR_WORD = re.compile(r"[А-ЯЁа-яё]+")  # the parts of a hyphenated word ("Пелла-Маш", "Время-Ч") are words


def latin_initials(word: str) -> str:
    """The Russian letters a Latin word's start can stand for ("Volsk" -> в, "Zhukov" -> ж,
    "Tsiklon" -> ц, "Centre" -> к ц с): the word is a transliteration or a loanword."""
    w = unidecode(word).lower()
    for lat, cyr in _LATIN_START:
        if w.startswith(lat):
            return cyr
    return _LATIN_LETTER.get(w[:1], "")


@cache
def reverse_glossary() -> dict[tuple[str, ...], frozenset[str]]:
    """English phrase (lower-case words) -> the Russian initials of the words it translates: the
    glossary's `ru:` rows and the variants of `glossary_ru.yaml` read backwards. A Russian word gives
    one letter, each part of a hyphenated one a letter ("machine building" -> машиностроени -> м,
    "scientific research" -> научно-исследовательск -> ни)."""
    # the variants (each sourced from list names) say which Russian word an English one stands for in
    # names; the glossary's other senses ("комбинат: plant") only for English words they do not cover
    variants = [(row["ru"], en) for row in data_yaml("glossary_ru.yaml")["variants"] for en in row["en"]]
    covered = {_en_key(en) for _, en in variants}
    pairs = variants + [(ru, en) for ru, en in glossary("ru").items() if _en_key(en) not in covered]
    out: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for ru, en in pairs:
        words = _en_key(en)
        # an initialism the glossary reads out ("нии: scientific research institute") is its own letters
        if ru.lower() in RU_KIND_INITIALS:
            options = [ru.lower()]
        else:
            parts = [p for p in re.split(r"[\s-]+", ru.lower()) if p]
            options = ["".join(x) for x in _product([_ru_word_letters(p) for p in parts])]
        out[words].update(x for x in options if words and re.fullmatch(r"[а-яё]+", x))
    return {k: frozenset(v) for k, v in out.items()}


# combining forms a Russian compound word starts with, which its acronym may spell apart ("радиотехнический"
# -> Р or РТ: ВНИИРТ, ХРТЗ; "электромеханический" -> Э or ЭМ: БЭМЗ), and their English spellings
_COMBINING = {"радио": "radio", "электро": "electro", "аэро": "aero", "гидро": "hydro", "авиа": "avia",
              "термо": "thermo", "микро": "micro", "фото": "photo", "нано": "nano", "авто": "auto", "гео": "geo",
              "био": "bio"}


def _ru_word_letters(word: str) -> frozenset[str]:
    """The initials one Russian word may give: its first letter, or two for a compound of a combining form."""
    for cf in _COMBINING:
        if word.startswith(cf) and len(word) - len(cf) >= 3:
            return frozenset({word[0], word[0] + word[len(cf)]})
    return frozenset({word[0]})


def _en_key(en: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s-]+", en.lower()) if w and w not in _SMALL)


def english_words(name: str) -> list[str]:
    """The words of a list name that its Russian acronym spells: legal forms, parenthesised parts,
    an eponym ("named after …") and small words left out; hyphens kept."""
    t = unicodedata.normalize("NFKC", name)
    t = re.sub(r"\([^()]*\)?", " ", t)
    t = _EPONYM_EN.sub(" ", t)
    t = _EN_LEGAL.sub(" ", t)
    words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", t)
    return [w for w in words if w.lower() not in _SMALL]


def initials_chunks(name: str) -> list[frozenset[str]]:
    """Per word or glossary phrase of a list name, the Russian initials it may give, in order
    ("Mariyskiy Machine-Building Plant" -> [{м}, {м}, {з}]); an unknown hyphenated word gives one
    letter, or one per part when every part is a glossary word ("Scientific-Production" -> {н, нп}) or
    none is (a transliterated "Sredne-Nevsky" -> {с, сн})."""
    rev = reverse_glossary()
    longest = max(map(len, rev), default=1)
    flat: list[tuple[str, int]] = []  # (lower word, index of the hyphenated word it is part of)
    out: list[frozenset[str]] = []
    words = english_words(name)
    for k, w in enumerate(words):
        if _LATIN_ACRONYM.fullmatch(w) and not flat:  # "VNII Signal": the acronym, letter by letter
            out.append(frozenset({latin_acronym_cyrillic(w)}))
            continue
        flat += [(p.lower(), k) for p in w.split("-") if p]
    if out and flat:  # an acronym then more words: read as words (only a leading acronym is read out)
        return out + initials_chunks(" ".join(w for w in words if not _LATIN_ACRONYM.fullmatch(w)))
    i = 0
    while i < len(flat):
        for n in range(min(longest, len(flat) - i), 0, -1):
            key = tuple(p for p, _ in flat[i:i + n])
            if key in rev:
                out.append(rev[key])
                i += n
                break
        else:
            k = flat[i][1]
            j = i
            while j < len(flat) and flat[j][1] == k:
                j += 1
            parts = [p for p, _ in flat[i:j]]
            opts = set(latin_initials(parts[0]))
            if len(parts) == 1:  # "Electromechanical": Э, or ЭМ as the Russian compound is spelt apart
                cf = next((c for c in _COMBINING.values()
                           if parts[0].startswith(c) and len(parts[0]) - len(c) >= 4), None)
                if cf:
                    rest = parts[0][len(cf):]
                    opts |= {a + b for a in latin_initials(cf) for b in (rev.get((rest,)) or latin_initials(rest))
                             if len(b) == 1}
            if len(parts) > 1 and all((p,) in rev for p in parts):
                opts |= {"".join(x) for x in _product([rev[(p,)] for p in parts])}
            elif len(parts) > 1 and not any((p,) in rev for p in parts):  # "Sredne-Nevsky": Средне-Невский, СН
                opts |= {"".join(x) for x in _product([frozenset(latin_initials(p)) for p in parts])}
            out.append(frozenset(opts))
            i = j
    return out


_LATIN_ACRONYM = re.compile(r"(?:[A-Z]|Ts|Kh|Zh|Sh|Ch)(?:[A-Z]|Ts|Kh|Zh|Sh|Ch)+")


def latin_acronym_cyrillic(word: str) -> str:
    """A transliterated acronym back in Cyrillic, letter by letter ("VNII" -> внии, "TsNII" -> цнии)."""
    out = ""
    for part in re.findall(r"Ts|Kh|Zh|Sh|Ch|[A-Z]", word):
        out += latin_initials(part)[0]
    return out


def _product(sets: Sequence[frozenset[str]]) -> list[tuple[str, ...]]:
    acc: list[tuple[str, ...]] = [()]
    for s in sets:
        acc = [a + (x,) for a in acc for x in s][:64]
    return acc


def spells(acronym: str, chunks: Sequence[frozenset[str]]) -> bool:
    """True when the chunks, in order, can spell the acronym (lower case): each chunk gives one of
    its strings (a one-letter chunk's letters are alternatives)."""
    acronym = acronym.lower().replace("ё", "е")

    def go(pos: int, k: int) -> bool:
        if k == len(chunks):
            return pos == len(acronym)
        for s in chunks[k]:
            if len(s) == 1 and acronym[pos:pos + 1] == s:
                if go(pos + 1, k + 1):
                    return True
            elif len(s) > 1 and acronym.startswith(s, pos) and go(pos + len(s), k + 1):
                return True
        return False

    return MIN_LETTERS <= len(acronym) <= MAX_LETTERS and go(0, 0)


def name_parts(name: str) -> list[str]:
    """The name and the parts a Russian entry's name writes its unit in: after a dash ("Rostekh—Azimuth")
    or a comma ("Concern …, Public Joint Stock Company Stavropol Radio Plant Signal")."""
    parts = [name] + [p for p in re.split(r"\s*[—–]\s*|,\s+", name) if p.strip()]
    return list(dict.fromkeys(p.strip() for p in parts))


def company_key(name: str) -> tuple[str, ...]:
    """Entries of one company on several lists: the same name once its legal form is left out."""
    return tuple(sorted(set(tokens(" ".join(english_words(name))))))


def query_acronym(text: str) -> str | None:
    """The acronym of a Russian query that is only a legal form and an acronym of 3-6 capitals,
    quoted or bare ("ОАО ‘ММЗ’", "АО ВМЗ", "(АО «ВМЗ»)" repeated aside), not the initials of a kind of
    organisation ("НИИ", "ОКБ")."""
    p = parse_ru(text)
    if not p.legal:
        return None
    base = p.base.strip(" «»\"'‘’“”")
    if not re.fullmatch(rf"[А-ЯЁ]{{{MIN_LETTERS},{MAX_LETTERS}}}", base) or base.lower() in RU_KIND_INITIALS:
        return None
    return base


def query_core(text: str) -> str | None:
    """The quoted name of a Russian query that is only a legal form and that name of one or two
    words ("ПАО ‘Сигнал’", "АО «Азимут» (АО «Азимут»)"), with the organisational words around it if any
    ("АО «ЦКБ «Айсберг»»": returned whole, its kind words are context)."""
    p = parse_ru(text)
    cores = quoted_cores(text)
    if not p.legal or not cores:
        return None
    core = cores[0]
    base = " ".join(p.base.split())
    if not 1 <= len(core.split()) <= 2:
        return None
    if base == " ".join(core.split()):
        return core
    # "АО «ЦКБ «Айсберг»»", "Научно-Технический Центр «Модуль»": kind words around the quoted name are context
    outside = base.replace(" ".join(core.split()), " ", 1)
    if base == outside:
        return None
    if all(_generic_ru(w) for w in _CYR_WORD.findall(outside)):
        return base
    # other words around a long proper name («Внешнеэкономическое Объединение «Машприборинторг»»): the
    # name alone decides, the words around it are left out
    long_ = [w for w in _CYR_WORD.findall(core) if len(w) >= CORE_ALONE_MIN and not _generic_ru(w)]
    return core if long_ else None


def name_words_beside(text: str, proper: Sequence[str]) -> list[str]:
    """The words written inside the same quotes as a core's proper words, other than those and than kind
    initials or legal forms ("«Интерком Сервис»" -> Сервис; "«Компания «Технополь»" -> none: «Компания» is
    an outer quote's word). They are part of the firm's registered name, so a list entry named without
    them names another firm of the proper word; kind words outside the innermost quotes are context."""
    cores = quoted_cores(text)
    if not cores:
        return []
    return [w for w in _CYR_WORD.findall(cores[0]) if w not in proper and w.lower() not in RU_KIND_INITIALS]


def names_have_word(names: Sequence[str], word: str) -> bool:
    """Whether a list name has a word that a Russian word is read as, or begins with such a reading of
    four letters or more: «Трейдинг» is read 'trade', the list writes 'Trading'."""
    keys = core_keys(word)
    have = {word_key(w) for n in names for w in token_words(n).values()}
    return bool(keys & have) or any(h.startswith(k) for k in keys if len(k) >= 4 for h in have)


def _generic_ru(word: str) -> bool:
    """A Russian word that names a kind of organisation: an initialism ("ЦКБ") or organisational words
    once read by the glossary ("Научно", "Центр")."""

    if word.lower() in RU_KIND_INITIALS:
        return True
    en = translate_ru(word)
    return bool(en) and all(word_key(x) in _GENERIC_KEYS for x in en.split())


# -- the list side: built once per Matcher ---------------------------------------------------------


class ShortNameIndex:
    """For a matcher's entries: the Russian initials of every Russian or Belarusian entry's names
    (`initials_chunks`) and the whole words of every entry's names by `word_key`, with the ROR
    English names' words for rarity."""

    def __init__(self, entries: Sequence) -> None:
        self.entries = entries
        self.chunks: list[tuple[int, str, list[frozenset[str]]]] = []  # (entry, name part, chunks)
        self.words: dict[str, set[int]] = defaultdict(set)  # word key -> entries (all countries)
        self.word_names: dict[tuple[str, int], str] = {}  # (word key, entry) -> the name that has it
        for i, e in enumerate(entries):
            names = [n for n in (e.name, *e.aliases) if not re.search(r"[^\x00-\u024f—–“”‘’«»]", n)]
            # a word any name gives as a person's ("A.S. Yakovlev Design Bureau", "… Im. A.S. Yakovleva") is
            # the eponym of the entry in all its names ("Yakovlev Design Bureau"): not its core name
            eponyms = {word_key(w) for n in names for m in _EPONYMS.finditer(n)
                       for w in token_words(m.group(0)).values()}
            for n in names:
                for w in token_words(n).values():
                    k = word_key(w)
                    if k in eponyms:
                        continue
                    self.words[k].add(i)
                    self.word_names.setdefault((k, i), n)
            if e.country not in RU_ENTRY_COUNTRIES:
                continue
            for n in names:
                for part in name_parts(n):
                    ch = initials_chunks(part)
                    if MIN_LETTERS <= len(ch) <= MAX_LETTERS:
                        self.chunks.append((i, part, ch))
        self._acr: dict[str, list[tuple[int, str]]] = {}

    def initials(self, acronym: str) -> list[tuple[int, str]]:
        """(entry, name part) of the Russian entries whose names' Russian initials spell `acronym`."""
        if acronym not in self._acr:
            seen: dict[int, str] = {}
            for i, part, ch in self.chunks:
                if len(ch) <= len(acronym) and i not in seen and spells(acronym, ch):
                    seen[i] = part
            self._acr[acronym] = list(seen.items())
        return self._acr[acronym]

    def core(self, word: str) -> list[tuple[int, str]]:
        """(entry, name) of the entries any of whose names has a whole word that `word` (a Russian
        proper word) is read as: BGN/PCGN, GOST, or the English of the glossary."""
        out: dict[int, str] = {}
        for k in sorted(core_keys(word)):  # sorted: the name kept is the same from run to run
            for i in self.words.get(k, ()):
                out.setdefault(i, self.word_names[(k, i)])
        return list(out.items())


# a person a name is given after: "A.S. Yakovlev Design Bureau" is not the firm "Яковлев"
_EPONYMS = re.compile(r"(?:\b[A-Z]\.\s*){1,2}[A-Z][a-z]+|\b(?:named\s+after|n\.\s*a\.|imeni)\s.*$")


def word_key(word: str) -> str:
    """A whole word as its sounds (`cognate_key`), an adjective's ending left out ("Votkinsky" /
    "Votkinsk", "Azimuth" / "Azimut", "Module" / "Modul")."""
    k = cognate_key(unidecode(word).lower().replace("'", ""))
    return re.sub(r"(?<=.{4})(?:skii|ski|sk|ii|i|e)$", "", k)  # and an English silent e: "Module" / "Modul'"


def core_keys(word: str) -> set[str]:
    """The `word_key`s of a Russian word's readings: transliterated (BGN/PCGN, GOST) and the
    glossary's English variants."""

    low = word.lower().replace("ё", "е")
    en = translate_ru(word)
    readings = {bgn(word), gost(word), *([en] if len(en.split()) == 1 else []), *ru_variants().get(low, ())}
    return {word_key(r) for r in readings if r}


@cache
def ror_word_counts() -> dict[str, int]:
    """How many ROR English names (the shipped zh/ru table) have each word, by `word_key`."""
    counts: dict[str, int] = defaultdict(int)
    for r in shipped()[0]:
        for k in {word_key(w) for n in (r.en, *r.aliases) for w in token_words(n).values()}:
            counts[k] += 1
    return dict(counts)


# organisational words and legal forms ("Holding", "Group") are no core name either
_GENERIC_KEYS = frozenset(word_key(w) for w in GENERIC_WORDS | STOPWORDS)


def is_place(word: str) -> bool:
    """A Russian word that names a city (GeoNames, as the matcher knows them), read by BGN/PCGN."""
    from techties.screen.match import place_words, skeleton

    return skeleton(bgn(word).lower()) in place_words()


def names_place(word: str) -> bool:
    """A Russian adjective made from a place's name ("кировский", "тульского"): like the place itself,
    it says where a firm is, not which firm ("ПАО «Кировский завод»" is no unit of the "48th Central
    Scientific Research Institute, Kirov")."""
    from techties.screen.names import ru_city
    from techties.screen.places_ru import place_of_adjective

    low = word.lower().replace("ё", "е")
    return bool(ru_city(low) or place_of_adjective(low))


def proper_words(core: str) -> list[str]:
    """The words of a quoted name that are not organisational words once read ("Воткинский завод"
    -> Воткинский), nor the initials of a kind of organisation ("НПЦ «Вигстар»" -> Вигстар: the list
    writes 'Scientific Production Center Vigstar JSC', alias 'JSC SRC Vigstar')."""

    out = []
    for w in _CYR_WORD.findall(core):
        en = translate_ru(w)
        if not en or w.lower() in RU_KIND_INITIALS or all(word_key(x) in _GENERIC_KEYS for x in en.split()):
            continue
        out.append(w)
    return out


def acronym_latin(acronym: str) -> str:
    """The acronym as the lists would transliterate it (for the explanation)."""
    return acronym_spellings(acronym)[0].upper()


# -- the query's legal form as a tie-break ----------------------------------------------------------
_CYR_FORMS = (("pao", r"пао|публичное\s+акционерное\s+общество"), ("oao", r"оао|открытое\s+акционерное\s+общество"),
              ("zao", r"зао|закрытое\s+акционерное\s+общество"), ("ooo", r"ооо|общество\s+с\s+ограниченной"),
              ("fgup", r"фгуп|федеральное\s+государственное\s+унитарное"), ("ao", r"ао|акционерное\s+общество"))
_LAT = {"pao": r"pao|pjsc|public\s+joint[\s-]+stock|publichnoe", "oao": r"oao|ojsc|open\s+joint[\s-]+stock|otkrytoe",
        "zao": r"zao|cjsc|closed\s+joint[\s-]+stock|zakrytoe", "ooo": r"ooo|llc|limited\s+liability|ogranichenn\w*",
        "fgup": r"fgup|fsue|federal\s+state\s+unitary", "ao": r"ao|jsc|joint[\s-]+stock|a[kc]tsionernoe"}
# the Latin forms a query's form agrees with: since the 2014 reform of the Civil Code an OAO is a PAO or an AO
# and a ZAO an AO, and the lists keep a firm's old form for years ("ОАО" for a listed "Public Joint Stock
# Company", "АО" for a listed "OJSC")
_AGREES = {"pao": ("pao", "oao"), "oao": ("oao", "pao", "ao"), "zao": ("zao", "ao"), "ao": ("ao", "oao", "zao", "pao"),
           "ooo": ("ooo",), "fgup": ("fgup",)}
_ANY_FORM = rf"(?<![\w-])(?:{'|'.join(_LAT.values())})(?![\w-])"
_LAT_FORMS = {f: rf"(?<![\w-])(?:{'|'.join(_LAT[x] for x in xs)})(?![\w-])" for f, xs in _AGREES.items()}


_PATRONYMIC = re.compile(r"\b[A-Z][a-z]+(?:ovich|evich|ich|ovna|evna|ichna)\b")


def query_form(text: str) -> str | None:
    """The exact legal form a Russian query states ("ПАО" -> pao), the first when several."""
    low = unicodedata.normalize("NFKC", text).lower()
    found = [(m.start(), f) for f, rx in _CYR_FORMS for m in re.finditer(rf"(?<![\w-])(?:{rx})(?![\w-])", low)]
    return min(found)[1] if found else None


def states_form(form: str, names: Sequence[str]) -> bool:
    """Whether any of an entry's names states that exact legal form."""
    return any(re.search(_LAT_FORMS[form], n, re.IGNORECASE) for n in names)


def one_company(entries: Sequence, cands: Sequence[tuple[int, str]], text: str) -> list[tuple[int, str]]:
    """The candidates if they are one company (`company_key` of their primary names); else those of
    the one company whose names state a legal form the query's own form agrees with (`_AGREES`), if
    exactly one of at most TIE_MAX companies does; else none. A person's name (a patronymic) is no
    company."""
    cands = [(i, p) for i, p in cands if not _PATRONYMIC.search(entries[i].name)]
    groups: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for i, part in cands:
        groups[company_key(entries[i].name)].append((i, part))
    if len(groups) == 1:
        return list(cands)
    form = query_form(text)
    if form is None or len(groups) > TIE_MAX:
        return []
    # only a form the other companies' names state and the query's disagrees with sets them aside:
    # a list name that states no form may be any
    agree = [g for g in groups.values() if any(states_form(form, _names(entries[i])) for i, _ in g)]
    others_differ = all(any(states_any_form(_names(entries[i])) for i, _ in g)
                        for g in groups.values() if g not in agree)
    return agree[0] if len(agree) == 1 and others_differ else []


def _names(e) -> tuple[str, ...]:
    return (e.name, *e.aliases)


def states_any_form(names: Sequence[str]) -> bool:
    """Whether any of an entry's names states a legal form at all."""
    return any(re.search(_ANY_FORM, n, re.IGNORECASE) for n in names)


_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Matcher -> its ShortNameIndex, made on first use


def short_name_hits(m, text: str, country: str | None) -> dict[int, tuple[int, float, dict, str]]:
    """Hits of a Cyrillic query that is a legal form and an acronym or a quoted core name (module
    docstring), as `Matcher._screen_form` keeps them: entry -> (alias, score, features, how)."""
    acronym = query_acronym(text)
    core = None if acronym else query_core(text)
    if not acronym and not core:
        return {}
    idx = _INDEXES.get(m)
    if idx is None:
        idx = _INDEXES[m] = ShortNameIndex(m.entries)
    if acronym:
        # an entry whose names write the acronym in Latin letters ("Aktsionernoe Obshchestvo AST") has it too
        from techties.screen.match import RU_WRITING_COUNTRIES

        written = [(i, m.entries[i].name) for sp in acronym_spellings(acronym)
                   for i in m.acronym_index().get(sp, ()) if m.entries[i].country in RU_WRITING_COUNTRIES]
        derived = idx.initials(acronym)
        if not derived:  # a Latin acronym alone is left to Matcher.acronym_hits_ru, which wants a reading too
            return {}
        cands = list({i: p for i, p in [*written, *derived]}.items())
        kind, said, score = "initials", acronym, INITIALS_SCORE
    else:
        words = proper_words(core)
        # rare: on few ROR English names, and on few companies of all the lists (any country)
        if not words or any(sum(ror_word_counts().get(k, 0) for k in core_keys(w)) > CORE_ROR_MAX for w in words):
            return {}
        if max(map(len, words)) < 3:
            return {}  # «ВТ» alone: two letters name many things ("SKB VT" and "Military Technologies")
        if len(words) < len(_CYR_WORD.findall(core)) and all(is_place(w) or names_place(w) for w in words):
            return {}  # «Завод Тула», «Кировский завод»: a plant of Tula, of Kirov; the place names no firm
        per_word = [dict(idx.core(w)) for w in words]
        cands = [(i, n) for i, n in per_word[0].items() if all(i in c for c in per_word[1:])]
        # the core's other words are context: "«Серния Инжиниринг»" is "Serniya Engineering", not "OOO Sertal"
        # (a. k. a. "Serniya")
        others = [w for w in _CYR_WORD.findall(core) if w not in words]
        if others and cands:
            context = {i: sum(i in dict(idx.core(w)) for w in others) for i, _ in cands}
            cands = [(i, n) for i, n in cands if context[i] == max(context.values())]
            # a word of the quoted name itself that no candidate's names have: another firm of that word
            # ("ООО «Интерком Сервис»" is not 'Intercom Ltd.', «Планар Девелопмент» not 'OOO Planar')
            beside = name_words_beside(text, words)
            if max(context.values()) == 0 and beside and not any(
                    names_have_word(_names(m.entries[i]), w) for i, _ in cands for w in beside):
                return {}
        kind, said, score = "core name", core, CORE_NAME_SCORE
    cands = [(i, p) for i, p in cands if not (country and m.entries[i].country and m.entries[i].country != country)]
    if query_form(text):  # a Russian legal form says the firm is registered in Russia (or Belarus): "ПАО «НК
        # «Роснефть»" is 'Rosneft', not 'Rosneft Trading S.A.' (CH) nor 'Rosneft Trade Limited' (CY)
        cands = [(i, p) for i, p in cands if m.entries[i].country in RU_ENTRY_COUNTRIES or not m.entries[i].country]
    # evidence this thin does not outweigh a company form the entry states otherwise: "ООО «ВСК»" is not
    # the "Joint Stock Company Helicopter Service Company" (ВСК)
    family = ru_company_family(text)
    cands = [(i, p) for i, p in cands if not m.form_conflict_ru(family, i)]
    out: dict[int, tuple[int, float, dict, str]] = {}
    for i, part in one_company(m.entries, cands, text):
        if m.entries[i].country not in RU_ENTRY_COUNTRIES:
            return {}  # the core word names a company elsewhere too
        j = next((j for j, a in enumerate(m.aliases) if a.entry == i and a.text == part), None)
        if j is None:
            j = next((j for j, a in enumerate(m.aliases) if a.entry == i and part in a.text), None)
        if j is None:
            j = next(j for j, a in enumerate(m.aliases) if a.entry == i)
        rel = "agree" if country and country == m.entries[i].country else "agree-by-script"
        feats = structural_features(rel, short_name={"kind": kind, "query": said, "entry_words": part})
        reading = acronym_latin(said) if acronym else bgn(said)
        out[i] = (j, score, feats, f"{reading}|structure ({kind} «{said}» of '{part}')")
    return out
