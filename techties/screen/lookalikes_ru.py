"""Lookalike names of issue #16: a Russian name that reads near a list name and names another body.

Found on probe_ru7.tsv (real ROR and EU Journal names the eval builder leaves out as near a list name):
a name's acronym confirms an entry whose names write it (`Matcher.acronym_hits_ru`) when a reading of
the name comes near one of the entry's names. A kind acronym says little (АРЗ, an aircraft repair plant;
МКБ, a machine-building design bureau): many plants and bureaus write it, and their names differ in
the words that say which one — «711 Авиационный Ремонтный Завод» (АО «711 АРЗ») is not 'Joint Stock
Company 121 Aviation Repair Plant'; «Государственное Машиностроительное Конструкторское Бюро «Вымпел»»
(АО «Гос МКБ «Вымпел») is not 'State Machine Building Design Bureau Raduga'.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence


def other_body(feats: Mapping[str, object], generic: Collection[str],
               same: Callable[[str, str], bool] = str.__eq__) -> bool:
    """Whether a comparison's features (`Matcher.compare`, full) show the name and the alias name two
    bodies: their numbers differ ("711" / "121"), or each keeps a word of its own ("vympel" left in the
    query, "raduga" in the alias) of four letters or more (initials, "skb" / "sdb", are one body's two
    spellings), no generic word, and no pair of them one word by `same` ("amure" / "amur", an ending).
    Tokens are `names.tokens`' stems."""
    if feats.get("numbers_conflict"):
        return True

    def own_words(key: str) -> list[str]:
        return [t for t in feats.get(key, ()) if len(t) >= 4 and t not in generic and not t.isdigit()]

    mine, theirs = own_words("extra_query_tokens"), own_words("missing_alias_tokens")
    return bool(mine and theirs) and not any(same(a, b) for a in mine for b in theirs)


# final letters one name writes two ways after `skeleton` (Leninets / Leninetz; Rostekh / Rostec, kh -> h and
# c -> k): one word
_SAME_END = ({"s", "z"}, {"k", "g"}, {"h", "k"}, {"f", "v"}, {"t", "d"})
_VOWELS = frozenset("aeiouy")


def last_letter_other(a: str, b: str) -> bool:
    """Two spelling keys (`match.skeleton`) of five letters or more that differ only in a last consonant
    not spelt two ways: another name of one letter, "mikrosan" / "mikrosam" (ООО «Микросан», Novosibirsk,
    is not 'Mikrosam', North Macedonia). An ending that declines a word is a vowel, or adds letters."""
    if len(a) != len(b) or len(a) < 5 or a[:-1] != b[:-1] or a[-1] == b[-1]:
        return False
    x, y = a[-1], b[-1]
    return x not in _VOWELS and y not in _VOWELS and {x, y} not in _SAME_END


def weak_other_form(best: dict[int, tuple], conflict: Callable[[int], bool]) -> dict[int, tuple]:
    """The hits (entry -> (alias, score, features, how)) less those on a weak alias (`compare`'s
    weak_alias: an acronym, one short word, a place) whose entry the lists write only in another company
    form (`conflict`): «ООО «АСК»» is not 'ASK JSC' (an acronym and a wrong form say nothing); a full name
    in another form is kept, as `Matcher.form_tiebreak_ru` keeps it (lists lag a change of form)."""
    return {e: v for e, v in best.items() if not (v[2].get("weak_alias") and conflict(e))}


def one_word_each(toks: Sequence[str], respelt: Sequence[str], key: Callable[[str], str]) -> list[str]:
    """`Matcher.respell_ru`'s respelling of a reading (`respelt`, one per token of `toks`), less the
    respellings that make two query words one alias word: 'aviation systems and complex' respelt to the
    alias 'PAO Aviatsionny Kompleks' made both "system" (комплекс is also 'system') and "comple"
    "komple", and the query seemed to say nothing but the alias. Of the tokens sharing a respelling, the
    one whose spelling key (`key`, `match.skeleton`) is the respelling's keeps it (else the first); the
    others stay as the query wrote them."""
    seen: dict[str, list[int]] = {}
    for i, (t, r) in enumerate(zip(toks, respelt, strict=True)):
        if t != r:
            seen.setdefault(r, []).append(i)
    out = list(respelt)
    for r, idx in seen.items():
        if len(idx) + (r in toks) < 2:
            continue
        keep = None if r in toks else next((i for i in idx if key(toks[i]) == key(r)), idx[0])
        for i in idx:
            if i != keep:
                out[i] = toks[i]
    return out


def extra_kind_conflict(extra: Sequence[str], names: Sequence[str]) -> bool:
    """A Russian name's reading whose unpaired tokens (`compare`'s extra_query_tokens) state a kind of
    organisation (kinds_ru: "kb", a design bureau) that the entry's names do not state while they state
    others: «АО «КБ «Вымпел»» read 'KB Vympel' is not the 'Vympel Interstate Corporation' (its alias
    'Vimpel'), a corporation. An entry that states no kind says nothing against it."""
    from techties.screen.kinds_ru import WORD_KINDS, en_kinds
    from techties.screen.names import tokens

    said = {k.name for k in WORD_KINDS for t in extra if t in _kind_stems(k.name, tokens)}
    if not said:
        return False
    entry = frozenset().union(*(en_kinds(n) for n in names))
    return bool(entry) and not (said & entry)


_STEMS: dict[str, frozenset[str]] = {}


def _kind_stems(kind: str, tokens: Callable[[str], tuple[str, ...]]) -> frozenset[str]:
    """The `names.tokens` stems of a kind's English words (kinds_ru.KINDS), worked out once."""
    if kind not in _STEMS:
        from techties.screen.kinds_ru import kind as kind_row

        k = kind_row(kind)
        _STEMS[kind] = frozenset(t for w in k.english for t in tokens(w))
    return _STEMS[kind]


def acronym_other_body(query: str, names: Sequence[str]) -> bool:
    """The entry's names write a short name of Russian initials romanised that state a kind (one word of
    two capitals or more holding kinds_ru.KIND_LETTERS romanised: 'GosNIImash', 'TsNIImash', nii), the
    query gives an acronym of its own (`structure.ru_acronyms`: НИМИ), and no word of the entry's names
    writes it in any romanisation the lists meet nor holds it: two bodies of one description («НИМИ им. В.В.
    Бахирева», Moscow, is neither 'State Scientific Research Institute of Machine Building Bakhirev
    (GosNIImash)', Dzerzhinsk, nor 'JSC Central Research Institute of Machine Building' (TsNIImash))."""
    import re

    from unidecode import unidecode

    from techties.screen.kinds_ru import KIND_LETTERS
    from techties.screen.structure import acronym_spellings, ru_acronyms

    mine = ru_acronyms(query)
    if not mine:
        return False
    letters = [unidecode(c).lower() for c in KIND_LETTERS]
    words = {w for n in names for w in re.split(r"[^A-Za-z]+", unidecode(n)) if w}
    short = {w.lower() for w in words if sum(c.isupper() for c in w) >= 2 and any(x in w.lower() for x in letters)}
    if not short:
        return False
    said = {w.lower() for w in words}
    return not any(sp in said or any(sp in s for s in short) for a in mine for sp in acronym_spellings(a))


def one_body(names: Sequence[Sequence[str]], short: Collection[str]) -> bool:
    """Entries that share a short alias (`short`, its tokens: 'gru') are one body written longer and shorter
    when their names chain by containment: each entry has a name of two words or more, the short alias
    aside, whose `names.tokens` another entry's name holds ('Main Intelligence Directorate' in 'Russian
    General Staff Main Intelligence Directorate (GRU)'; 'Instrument Design Bureau' in 'Instrument Building
    Design Bureau (KBP) Tula'), all the entries linked so. Plants of one town that share «ММЗ» have names of
    other words, and stay several bodies."""
    from techties.screen.names import tokens

    sets = [[s for n in ns if len(s := frozenset(tokens(n)) - set(short)) >= 2] for ns in names]
    if len(sets) < 2 or not all(sets):
        return False
    linked, todo = {0}, [0]
    while todo:
        i = todo.pop()
        for k in range(len(sets)):
            if k not in linked and any(a <= b or b <= a for a in sets[i] for b in sets[k]):
                linked.add(k)
                todo.append(k)
    return len(linked) == len(sets)
