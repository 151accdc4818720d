"""One validation of a query, for the CLI and the web alike: country codes, years, area.

INTERFACE (the CLI, the dashboard, the report and `watch` build queries through it):
    build_query(a, b, baseline=None, years=None, area=None, language=None, china_scope="mainland",
                top=10, ai_threshold=None) -> ResearchQuery
It raises techties.errors.UsageError with a one-line message on anything invalid.
(Skeleton: the metrics work makes it strict: ISO 3166-1 alpha-2, case-insensitive, ordered years…)
"""

from __future__ import annotations

from techties.errors import UsageError
from techties.metrics.research import ResearchQuery, parse_years


def build_query(a: str, b: str, baseline: str | None = None, years: str | tuple[int, int] | None = None,
                area: str | None = None, language: str | None = None, china_scope: str = "mainland",
                top: int = 10, ai_threshold: float | None = None) -> ResearchQuery:
    try:
        span = parse_years(years) if isinstance(years, str) or years is None else years
    except ValueError as e:
        raise UsageError(str(e)) from None
    return ResearchQuery(a=a.upper(), b=b.upper(), baseline=baseline.upper() if baseline else None, years=span,
                         area=area, language=language, china_scope=china_scope, top=top, ai_threshold=ai_threshold)
