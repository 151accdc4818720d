"""`--years`: the one parser every command and the dashboard read years with, so all of them accept
the same forms and refuse the rest with the same one-line message (UsageError, exit 2).

A year (`2015`), a range (`2010-2019`; an en dash or a colon also separates) or, where a command
can use it (`techties investments`), a comma list of them (`2016-2018,2021`). It sits below every
stage (it needs only `errors`), so `metrics.query` and `metrics.investment` share it.
"""

from __future__ import annotations

import re

from techties.errors import UsageError

FORM = "write a year or a range, e.g. 2010-2019"
_SPAN = re.compile(r"\s*(\d{4})\s*(?:[-:–]\s*(\d{4})\s*)?")


def year_spans(text: str | None) -> list[tuple[int, int]] | None:
    """'2016-2018, 2021' -> [(2016, 2018), (2021, 2021)]; None or '' -> None (all years).
    A reversed range is refused, not read as no year (it would silently select nothing)."""
    if not text or not text.strip():
        return None
    spans: list[tuple[int, int]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        m = _SPAN.fullmatch(part)
        if not m:
            raise UsageError(f"--years {text.strip()[:30]!r}: {FORM}")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        spans.append(checked_span(lo, hi, part.strip()))
    if not spans:
        raise UsageError(f"--years {text.strip()[:30]!r}: {FORM}")
    return spans


def checked_span(lo: int, hi: int, written: str | None = None) -> tuple[int, int]:
    """(lo, hi) when lo <= hi; else the one message that gives the right order."""
    if hi < lo:
        raise UsageError(f"--years {written or f'{lo}-{hi}'}: write the earlier year first: {hi}-{lo}")
    return lo, hi


def year_range(text: str | None) -> tuple[int, int] | None:
    """One year or one range (what research, the brief, watch, collect and the dashboard filter on):
    '2015' -> (2015, 2015); a list is refused, as a range cannot hold it."""
    spans = year_spans(text)
    if spans is None:
        return None
    if len(spans) > 1:
        raise UsageError(f"--years {(text or '').strip()[:30]!r}: one year or one range here, e.g. 2010-2019 "
                         "(a list such as 2017,2019 is for `techties investments`)")
    return spans[0]


def year_set(text: str | None) -> set[int] | None:
    """Every year the text names ('2016-2018, 2021' -> {2016, 2017, 2018, 2021}); None: all years."""
    spans = year_spans(text)
    return None if spans is None else {y for lo, hi in spans for y in range(lo, hi + 1)}
