"""Russian names compared by their distinctive parts: an eponym or a quoted name, the place, the rest.

The lists write a Russian organisation's name in another order and often with other kind words:
"Новосибирское Авиационное Производственное Объединение им. В.П. Чкалова" is "Chkalov Novosibirsk
Aviation Plant", "Радиотехнический Институт имени Академика А.Л. Минца" is "Radio Technical Institute
named after A. L. Mints", "Луховицкий Авиационный Завод имени П.А. Воронина" (a branch of PAO «ОАК»)
is "P.A. Voronin Lukhovitsk Aviation Plant, branch of RSK MiG". A word-overlap score sees the
differing kind words as differences and misses them.

Here a name is taken apart instead: its **anchor** (the eponym's surname, or a quoted proper name of
one or two words), its other **distinctive** words (place, field: "Novosibirsk", "aviation") and its
**kind** words (organisational words: GENERIC_WORDS, the initials of kinds, legal forms, "building").
The eponym is taken out of both sides with its markers ("named after", "n.a.", "in the name of",
"imeni", titles, initials), order does not count, and an entry's "branch of X" names its parent, which
may be unpaired. A list name matches when it has the anchor, every distinctive word of each side pairs
with one of the other's, and at least MIN_AGREE words pair in all; the kind words may differ (weaker
evidence: DISTINCT_SCORE, just above the default threshold). Russian and Belarusian entries only; tried
only when no other reading of a Cyrillic query hits (`Matcher._screen_form`), and the explanation says
which parts matched and which kind words differed.
"""

from __future__ import annotations

import re
import unicodedata

from techties.screen.names import GENERIC_STEMS, tokens, translate_ru
from techties.screen.structure import (
    QUOTED_RU,
    bgn,
    parse_ru,
    ru_kind_initials,
    ru_quotes,
    shorter_english,
    split_branch,
    structural_features,
)

DISTINCT_SCORE = 0.86  # a full-name match scores 0.95-1.0; the default threshold is 0.85
MIN_AGREE = 3  # the anchor and two more words: "Chkalov" + "Novosibirsk" + "aviation"
MAX_CANDIDATES = 3000  # aliases of an anchor beyond this: a common word, no anchor
ENTRY_COUNTRIES = frozenset({"RU", "BY"})
# how the lists mark an eponym: "in the name of"; "named after", "n.a.", "imeni" and initials give no token
EPONYM_MARKERS = frozenset(tokens("named after name imeni im academician academic"))
# organisational words beyond GENERIC_WORDS: what a plant does ("aircraft building" / "construction")
# and the words of company forms
KIND_EXTRA = frozenset(tokens(
    "building construction making manufacturing works company corporation concern holding group branch joint "
    "stock open closed public limited liability society federal budgetary unitary institution russian academy "
    "sciences of the"))
_LEGAL = frozenset(tokens("jsc pjsc ojsc cjsc oao zao ooo ao pao llc ltd co corp inc fgup fgbu fgbun"))
_BRANCH_TAIL = re.compile(r"[,;(]?\s*(?:a\s+)?branch\s+of\s+(.*)$", re.IGNORECASE)
_BRANCH_HEAD = re.compile(r"^\s*branch\s+of\s+", re.IGNORECASE)


def is_kind(token: str) -> bool:
    """An organisational token: says what kind of body, not which."""
    return (token in GENERIC_STEMS or token in KIND_EXTRA or token in _LEGAL or token in ru_kind_initials()
            or token in EPONYM_MARKERS)


def surname_of(eponym: str) -> str:
    """The surname of an eponym as `parse_ru` gives it ("В.П. Чкалов" -> "Чкалов")."""
    return re.split(r"[.\s]+", eponym)[-1]


def anchors_of(text: str) -> tuple[tuple[str, ...], str, str]:
    """(anchor tokens, what they are, the name without its branch parent) of a Cyrillic name: the
    eponym's surname ("им. В.П. Чкалова" -> chkalo) when initials say it is a person's, else a quoted
    proper name of one or two words that are not kind words («Сокол» -> sokol); () when the name has neither."""
    branch = split_branch(text)
    own = branch[0] if branch else text
    p = parse_ru(own)
    if p.eponym and re.match(r"[А-ЯЁ]\.", p.eponym):  # a person's: "имени Коминтерна", "имени Кирова"
        # name hundreds of Soviet plants alike
        toks = tuple(t for t in tokens(bgn(surname_of(p.eponym))) if not is_kind(t))
        if toks:
            return toks, f"eponym {p.eponym}", own
    quoted = ru_quotes(unicodedata.normalize("NFKC", own))
    for m in QUOTED_RU.finditer(re.sub(r"\([^()]*\)", " ", quoted)):  # not "(АО «АЗС»)"
        words = m.group(1).split()
        toks = tuple(t for t in tokens(bgn(m.group(1))) if not is_kind(t))
        if 1 <= len(words) <= 2 and toks and len(toks) == len(words):
            return toks, f"quoted name «{m.group(1)}»", own
    return (), "", own


def query_readings(own: str) -> list[str]:
    """English readings of the name without eponym and legal form, its quoted names transliterated
    (the lists keep them) or translated, the eponym's surname added back once."""
    p = parse_ru(own)
    ep = f" {bgn(surname_of(p.eponym))}" if p.eponym else ""  # initials ("N.Ye.") left out
    ras = " Russian Academy of Sciences" if p.ras else ""
    mixed = parse_ru(QUOTED_RU.sub(lambda m: f" {bgn(m.group(1))} " if len(m.group(1).split()) <= 2 else m.group(0),
                                  ru_quotes(unicodedata.normalize("NFKC", own)))).base
    out = []
    for base in dict.fromkeys((mixed, p.base)):
        en = translate_ru(base)
        out += [f"{en}{ep}{ras}", f"{shorter_english(en)}{ep}{ras}"]
    return list(dict.fromkeys(out))


def parent_tokens(alias_text: str, toks: tuple[str, ...], paired: set[str]) -> set[str]:
    """The tokens of an alias's "branch of X" that name its parent X: after "branch of" at the end
    ("…Plant, branch of RSK MiG"), or at the start up to the first word the query pairs ("Branch of
    RSK MiG Nizhny Novgorod … Sokol")."""
    m = _BRANCH_TAIL.search(alias_text)
    if m and m.start() > 0:
        return set(tokens(m.group(1)))
    if _BRANCH_HEAD.match(alias_text):
        out = set()
        for t in toks:
            if t in paired:
                break
            out.add(t)
        return out
    return set()


def compare_parts(q: tuple[str, ...], anchor: tuple[str, ...], alias_text: str, a: tuple[str, ...]
                  ) -> dict | None:
    """The parts of a query reading (respelt as the alias spells its words) and of an alias that pair,
    or None when the anchor is missing, a distinctive word of either side is unpaired, or fewer than
    MIN_AGREE words pair. Kind words may differ; the parent of a branch may be unpaired."""
    if not all(t in a for t in anchor):
        return None
    paired = {t for t in q if t in a}
    parent = parent_tokens(alias_text, a, paired)
    q_left = [t for t in q if t not in paired]
    a_left = [t for t in a if t not in paired and t not in parent]
    if len(paired) < MIN_AGREE or any(not is_kind(t) for t in (*q_left, *a_left)):
        return None
    distinct = [t for t in q if t in paired and not is_kind(t) and t not in anchor]
    return {"anchor": list(anchor), "distinctive": distinct,
            "kind_agree": [t for t in q if t in paired and is_kind(t)],
            "kind_query_only": q_left, "kind_list_only": a_left, "branch_parent": sorted(parent & set(a))}


def distinctive_hits(m, text: str, country: str | None) -> dict[int, tuple[int, float, dict, str]]:
    """Hits of a Cyrillic query by its distinctive parts (module docstring), as `Matcher._screen_form`
    keeps them: entry -> (alias, score, features, how)."""
    anchor, what, own = anchors_of(text)
    if not anchor:
        return {}
    spell = {t: {t, *m.spellings_ru((t,))} for t in anchor}
    cands: set[int] | None = None
    for t in anchor:
        js = {j for u in spell[t] for j in m.postings.get(u, ())}
        cands = js if cands is None else cands & js
    if not cands or len(cands) > MAX_CANDIDATES:
        return {}
    out: dict[int, tuple[int, float, dict, str]] = {}
    for eng in query_readings(own):
        toks = tokens(eng)
        for j in sorted(cands):
            alias = m.aliases[j]
            e = m.entries[alias.entry]
            if alias.entry in out or e.country not in ENTRY_COUNTRIES or (country and country != e.country):
                continue
            q = m.respell_ru(toks, j, eng)
            anc = tuple(next((u for u in spell[t] if u in alias.toks), t) for t in anchor)
            parts = compare_parts(q, anc, alias.text, alias.toks)
            if parts is None:
                continue
            rel = "agree" if country else "agree-by-script"
            feats = structural_features(rel, matched_tokens=[t for t in q if t in alias.toks],
                                        extra_query_tokens=parts["kind_query_only"],
                                        missing_alias_tokens=parts["kind_list_only"], query_tokens=list(q),
                                        distinctive_parts=parts)
            differ = ("kind words differ: query " + " ".join(parts["kind_query_only"] or ["-"]) + ", list "
                      + " ".join(parts["kind_list_only"] or ["-"])) if parts["kind_query_only"] or \
                parts["kind_list_only"] else "kind words agree"
            how = (f"{eng}|structure (distinctive parts: {what} = {' '.join(parts['anchor'])}; other words "
                   f"{' '.join(parts['distinctive']) or '-'} agree; {differ}"
                   + (f"; branch parent {' '.join(parts['branch_parent'])} set aside" if parts["branch_parent"] else "")
                   + ")")
            out[alias.entry] = (j, DISTINCT_SCORE, feats, how)
    return out
