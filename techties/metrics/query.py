"""One validation of a query, for the CLI and the web alike: country codes, years, area.

INTERFACE (the CLI, the dashboard, the report and `watch` build queries through it):
    build_query(a, b, baseline=None, years=None, area=None, language=None, china_scope="mainland",
                top=10, ai_threshold=None) -> ResearchQuery
It raises techties.errors.UsageError with a one-line message on anything invalid:
- countries are ISO 3166-1 alpha-2 codes (pycountry's list, which has HK, MO and TW), in any case;
  user-assigned codes (XX, XK…), alpha-3 codes and country names are refused, the latter two with the
  alpha-2 code to use ("china" -> CN, "UK" -> GB): a name is never taken as a code, since "China" could
  also mean a wider --china-scope and the dashboard, which shares this check, has no line to say what it
  read a name as;
- the pair's two countries differ, and the baseline is neither of them;
- years are `YYYY` or `YYYY-YYYY`, earlier year first (the message gives the right order), read by
  `techties.years`, the parser `investments` shares;
- the area is ai, ai-fields, all or TAXONOMY:FIELD[|FIELD…], keywords and taxonomy in any case.
"""

from __future__ import annotations

import re

import pycountry

from techties.classify.areas import AREAS as CLASSIFIED_AREAS  # areas with a trained classifier (k15)
from techties.errors import UsageError
from techties.metrics.research import AREA_KEYWORDS, CHINA_SCOPES, ResearchQuery, area_choices
from techties.years import checked_span, year_range

MAX_TOP = 10_000  # rows in a top-N table: more is every row anyway, and a LIMIT must fit DuckDB's integers


def country_code(text: str, option: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper-cased, or a UsageError saying what went wrong."""
    code = (text or "").strip().upper()
    if re.fullmatch(r"[A-Z]{2}", code) and pycountry.countries.get(alpha_2=code) is not None:
        return code
    hint = ""
    if re.fullmatch(r"[A-Z]{3}", code):
        match = pycountry.countries.get(alpha_3=code)
        if match is not None:
            hint = f": use its two-letter code {match.alpha_2}"
    if not hint:
        named = _named_country(text)
        if named is not None:
            hint = f": a country name: use its two-letter code {named}"
    # never echo control or format characters (ANSI, bidi overrides); printable text of any script is shown
    # as typed ("--pair '中国'", not "'??'")
    shown = "".join(c if c.isprintable() else "?" for c in (text or "").strip())[:20]
    return _fail(f"{option} {shown!r} is not an ISO 3166-1 alpha-2 country code (e.g. CN, RU, US){hint}")


def _named_country(text: str | None) -> str | None:
    """The code of the one country `text` names outright ("china", "UK", "Россия"), else None.

    Only on the error path: the affiliation resolver's gazetteer takes about a second to load.
    A city or a US state ("Georgia") gives no hint: a code guessed from a place would mislead."""
    from techties.resolve.countries import resolve_affiliation

    cleaned = (text or "").strip()
    if not cleaned or len(cleaned) > 60:
        return None
    match = resolve_affiliation(cleaned)
    return match.code if match is not None and match.evidence.startswith("country:") else None


# Country codes typed for a language (the language a work in that country is most often written in)
_COUNTRY_LANGUAGE = {"cn": ("Chinese", "zh"), "jp": ("Japanese", "ja"), "ua": ("Ukrainian", "uk"),
                     "cz": ("Czech", "cs"), "gr": ("Greek", "el"), "dk": ("Danish", "da"), "se": ("Swedish", "sv"),
                     "il": ("Hebrew", "he"), "vn": ("Vietnamese", "vi"), "ir": ("Persian", "fa"),
                     "kp": ("Korean", "ko"), "by": ("Belarusian", "be"), "kz": ("Kazakh", "kk")}


def language_code(lang: str, given: str) -> str:
    """`lang` (lower case, two or three letters) when it is an ISO 639 language code works are stored under,
    else a UsageError: a country code (`cn`) matched no work and read as "no work in that language"."""
    if len(lang) == 2 and pycountry.languages.get(alpha_2=lang) is not None:
        return lang
    if len(lang) == 3 and (found := pycountry.languages.get(alpha_3=lang)) is not None:
        two = getattr(found, "alpha_2", None)
        return _fail(f"--language {given[:20]!r}: works keep the two-letter code: use {two}") if two else lang
    if lang in _COUNTRY_LANGUAGE:
        name, code = _COUNTRY_LANGUAGE[lang]
        return _fail(f"--language {given[:20]!r}: {lang.upper()} is a country code; a work's language is an "
                     f"ISO 639-1 code ({name}: {code})")
    return _fail(f"--language {given[:20]!r}: not an ISO 639-1 language code: use e.g. en, zh, ru, non-en or all")


def _fail(message: str) -> str:
    raise UsageError(message)


def normalise_area(area: str | None) -> str | None:
    """`AI` -> `ai`, `WOS-WC:Robotics` -> `wos-wc:Robotics` (fields are matched case-insensitively)."""
    if area is None or not area.strip():
        return None
    text = area.strip()
    if text.lower() in AREA_KEYWORDS or text.lower() in CLASSIFIED_AREAS:
        return text.lower()
    tax, sep, fields = text.partition(":")
    if sep and tax.strip() and any(f.strip() for f in fields.split("|")):
        return f"{tax.strip().lower()}:{fields.strip()}"
    raise UsageError(f"--area {text[:60]!r}: unknown area: use {area_choices()}")


def _years(years: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """The one `--years` parser's range (`techties.years`), or a (first, last) pair checked alike."""
    if years is None or isinstance(years, str):
        return year_range(years)
    return checked_span(int(years[0]), int(years[1]))


def build_query(a: str, b: str, baseline: str | None = None, years: str | tuple[int, int] | None = None,
                area: str | None = None, language: str | None = None, china_scope: str = "mainland",
                top: int = 10, ai_threshold: float | None = None) -> ResearchQuery:
    """A valid ResearchQuery, or a UsageError with a one-line message."""
    ca, cb = country_code(a, "--pair"), country_code(b, "--pair")
    if ca == cb:
        raise UsageError(f"--pair {ca} {cb}: the two countries must differ")
    cbase = country_code(baseline, "--baseline") if baseline else None
    if cbase in (ca, cb):
        raise UsageError(f"--baseline {cbase}: the baseline must be a third country, not one of the pair {ca} {cb}")
    if china_scope not in CHINA_SCOPES:
        raise UsageError(f"--china-scope {china_scope[:30]!r}: use one of {', '.join(CHINA_SCOPES)}")
    lang = language.strip().lower() if language else None
    if lang and not re.fullmatch(r"[a-z]{2,3}|non-en|all", lang):
        raise UsageError(f"--language {language[:20]!r}: use a two-letter language code (en, zh, ru), non-en or all")
    if lang and lang not in ("non-en", "all"):
        language_code(lang, language)
    if not 1 <= top <= MAX_TOP:  # a huge one reached DuckDB: "unexpected ConversionException", exit 1
        raise UsageError(f"--top {top}: must be at least 1" if top < 1 else f"--top {top}: at most {MAX_TOP:,}")
    if ai_threshold is not None and not 0.0 <= ai_threshold <= 1.0:
        raise UsageError(f"--ai-threshold {ai_threshold}: must be between 0 and 1")
    return ResearchQuery(a=ca, b=cb, baseline=cbase, years=_years(years), area=normalise_area(area),
                         language=lang, china_scope=china_scope, top=top, ai_threshold=ai_threshold)
