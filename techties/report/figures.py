"""Figures for the brief as SVG text (matplotlib's SVG backend): embedded inline in the HTML
and written as files, so the report needs nothing from the network."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams.update({
    "svg.fonttype": "none",  # text stays text: small files, searchable, no embedded font files
    "svg.hashsalt": "techties",  # deterministic ids: the same data gives the same bytes
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
})
COLOURS = ("#c0392b", "#2471a3", "#7d3c98", "#1e8449", "#b9770e", "#566573", "#17a589", "#cb4335")


def _svg(fig: plt.Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)  # creator URLs, dates
    return text[text.index("<svg"):]  # drop the XML prolog and DOCTYPE: the SVG goes inline in HTML


def line_chart(series: Mapping[str, Sequence[tuple[int, float]]], title: str, ylabel: str) -> str:
    """One line per series (e.g. a country pair), x = year."""
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    for colour, (label, points) in zip(COLOURS * 4, series.items(), strict=False):
        if points:
            xs, ys = zip(*points, strict=True)
            ax.plot(xs, ys, marker="o", markersize=3, color=colour, label=label)
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    if ax.get_legend_handles_labels()[0]:  # series with no points draw nothing: no legend, no warning
        ax.legend(frameon=False)
    return _svg(fig)


def grouped_bars(categories: Sequence[str], series: Mapping[str, Sequence[float]], title: str,
                 ylabel: str) -> str:
    """Bars per category (e.g. year), one colour per series (e.g. direction)."""
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    n = max(len(series), 1)
    width = 0.8 / n
    for k, (colour, (label, values)) in enumerate(zip(COLOURS * 4, series.items(), strict=False)):
        xs = [i + (k - (n - 1) / 2) * width for i in range(len(categories))]
        ax.bar(xs, values, width=width, color=colour, label=label)
    ax.set_xticks(range(len(categories)), [str(c) for c in categories])
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    if ax.get_legend_handles_labels()[0]:  # series with no points draw nothing: no legend, no warning
        ax.legend(frameon=False, fontsize=8)
    return _svg(fig)


def stacked_bars(categories: Sequence[str], series: Mapping[str, Sequence[float]], title: str,
                 ylabel: str) -> str:
    """Stacked bars per category (e.g. initiatives per year stacked by kind)."""
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    bottom = [0.0] * len(categories)
    for colour, (label, values) in zip(COLOURS * 4, series.items(), strict=False):
        ax.bar(range(len(categories)), values, bottom=bottom, color=colour, label=label)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(range(len(categories)), [str(c) for c in categories], rotation=45, fontsize=7)
    ax.set_title(title, loc="left")
    ax.set_ylabel(ylabel)
    if ax.get_legend_handles_labels()[0]:  # series with no points draw nothing: no legend, no warning
        ax.legend(frameon=False, fontsize=7, ncol=2)
    return _svg(fig)


def timeline(points: Sequence[tuple[str, int, int]], title: str) -> str:
    """A compact timeline: one row per category (e.g. initiative kind), one dot per start year,
    sized by and labelled with how many started that year. `points`: (category, year, count)."""
    cats = sorted({c for c, _, _ in points})
    fig, ax = plt.subplots(figsize=(6.4, 0.5 + 0.28 * max(len(cats), 1)))
    for colour, cat in zip(COLOURS * 8, cats, strict=False):
        mine = [(y, n) for c, y, n in points if c == cat]
        row = cats.index(cat)
        ax.scatter([y for y, _ in mine], [row] * len(mine), s=[30 + 25 * n for _, n in mine], color=colour,
                   alpha=0.85, zorder=3)
        for y, n in mine:
            if n > 1:
                ax.annotate(str(n), (y, row), ha="center", va="center", fontsize=7, color="white", zorder=4)
    ax.set_yticks(range(len(cats)), cats, fontsize=8)
    ax.set_ylim(-0.6, len(cats) - 0.4)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color="#e5e7e9", zorder=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_title(title, loc="left")
    return _svg(fig)
