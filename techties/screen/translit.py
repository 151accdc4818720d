"""BGN/PCGN romanisation of Russian, in one place: `names` (glossary and place words) and `places_ru`
(place keys) both need it, and `names` imports `places_ru`, so neither can hold it for the other.

BGN/PCGN is how the US lists write Russian names ("Makeyev", not unidecode's "Makeev"). `iuliia`
writes the hard sign ъ as ” and the soft sign ь as ’, and may put a separator dot between letters
("Rosoboron·eksport"); the lists write neither the dot nor the hard sign's mark.
"""

from __future__ import annotations

from functools import lru_cache

import iuliia
from unidecode import unidecode


@lru_cache(maxsize=100_000)  # pure, and asked for most words of every Cyrillic query's readings
def bgn_word(text: str) -> str:
    """BGN/PCGN in ASCII, without the separator dot and the hard sign's mark; the soft sign stays as '
    ("Тверь" -> "Tver'"), for callers that read it (`structure.bgn` drops it, as the lists do)."""
    return unidecode(iuliia.BGN_PCGN.translate(text).replace("·", "")).replace('"', "")
