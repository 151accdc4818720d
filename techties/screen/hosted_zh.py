"""Chinese names of a body hosted by another, written host first: 中山大学国家超级计算广州中心 is the National
Supercomputer Center in Guangzhou at Sun Yat-sen University, 湖南大学国家超级计算长沙中心 the Changsha one at Hunan
University. Read as one name, the host's words come first and the hosted body's own name, listed by itself, is
missed; read apart, the part after the host names that body."""

from __future__ import annotations

import re
from functools import lru_cache

from techties.screen.names import ZH_ORG_END, script_of, simplified, zh_places, zh_segments

_HOST_END = re.compile(ZH_ORG_END)  # the host ends at the first word an organisation's name ends with
_UNIT_END = re.compile(r"(?:研究所|研究院|学院|实验室|中心)$")
_CAMPUS = re.compile(r"^[（(][^（）()]*[）)]")
_MIN_HOSTED = 6  # characters: a name of its own (国家超级计算广州中心), not a department (计算机学院)


@lru_cache(maxsize=10_000)
def zh_hosted(text: str) -> str | None:
    """The hosted body's name after its host's, or None: what follows the first organisation word ends with an
    organisation word of its own and names a city of its own (a place word of its own, `zh_places`), which a
    department of the host never does (计算机科学与技术学院, 附属第一医院); a bracket right after the host is the
    host's (its campus city, 中国矿业大学（北京）, or another word of its own), never the rest's. `text` is a
    query form, without the city and postcode CNKI writes after a name (`match.query_forms`)."""
    if script_of(text) != "zh":
        return None
    text = simplified(text).strip()
    m = _HOST_END.search(text)
    if not m or m.start() == 0:
        return None
    rest = _CAMPUS.sub("", text[m.end():])  # 中国矿业大学（北京）光电学院: the host's campus, then a department
    if len(rest) < _MIN_HOSTED or not _UNIT_END.search(rest) or _HOST_END.search(rest[:-2]):
        return None
    places = zh_places()
    return rest if any(zh in places for zh, _ in zh_segments(rest)) else None
