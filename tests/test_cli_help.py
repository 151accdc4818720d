"""A command's help reflows its docstring to the terminal's width: the docstrings are wrapped at ~110
columns and the help kept those breaks, then wrapped again at 80 ("…(or the / Consolidated / Screening
List fetched…"). The oracle: in the help's prose every line but a paragraph's last is full, i.e. the
next line's first word would not have fitted on it (Rich pads the text one column each side)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from techties.cli import app, reflowed_help

# from the `screen` docstring, where the source breaks it after "(or the" and after "`techties lists"
SENTENCE = ("By default the lists are the shipped, dated snapshot of the US lists (or the Consolidated Screening "
            "List fetched by `techties lists update`) and techties' curated list: `techties lists show` gives "
            "their as-of dates.")


def _help(args: list[str], width: int) -> str:
    res = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": str(width), "TERMINAL_WIDTH": None})
    assert res.exit_code == 0, res.output
    return res.stdout


def _prose(text: str) -> list[str]:
    """The lines between the usage line and the first framed panel, stripped (blank: a paragraph break)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Usage:")) + 1
    end = next(i for i, line in enumerate(lines) if line.lstrip().startswith("╭"))
    return [line.strip() for line in lines[start:end]]


def _underfilled(lines: list[str], room: int) -> list[tuple[str, str]]:
    """Consecutive lines of one paragraph where the second's first word would have fitted on the first."""
    return [(a, b) for a, b in zip(lines, lines[1:], strict=False)
            if a and b and len(a) + 1 + len(b.split()[0]) <= room]


@pytest.mark.parametrize("width", [80, 120])
def test_screen_help_reflows_the_docstring_at_the_terminal_width(width):
    prose = _prose(_help(["screen"], width))
    assert SENTENCE in re.sub(r"\s+", " ", " ".join(prose))
    assert all(len(line) <= width - 2 for line in prose)
    assert _underfilled(prose, width - 2) == []
    # the five paragraphs of the docstring stay five: the blank lines between them are kept
    paragraphs = [p for p in "\n".join(prose).split("\n\n") if p.strip()]
    assert [p.split()[0] for p in paragraphs] == ["Screen", "By", "--warehouse", "--names-file", "Exit"]


@pytest.mark.parametrize("width", [80, 120])
def test_root_help_lists_each_command_on_filled_lines(width):
    # `research`'s docstring breaks after "fields,": its cell in the list of commands broke there too, at any
    # width, however much room was left on the line
    lines = _help([], width).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("│ research "))
    start = lines[first].index("Co-authored")
    room = len(lines[first].rstrip()) - 2 - start  # the cell ends one column of padding before the frame
    cell = [lines[first][start:-1].strip()]
    for line in lines[first + 1:]:
        if line[1:start].strip():  # the next command's row
            break
        cell.append(line[start:-1].strip())
    assert " ".join(cell) == ("Co-authored works of a country pair: yearly counts, growth, shares, baselines, fields, "
                              "institution pairs, companies, funders, citation impact, languages, listed institutions.")
    assert len(cell) > 1 and _underfilled(cell, room) == []


def test_reflowed_help_keeps_paragraphs_indented_lines_and_list_items():
    text = """First line
        goes on.

        Usage:
            techties x A
            techties x B

        Kinds:
        - one thing
          continued
        - another
        1. numbered
        """
    assert reflowed_help(text) == ("First line goes on.\n\nUsage:\n    techties x A\n    techties x B\n\n"
                                   "Kinds:\n- one thing\n  continued\n- another\n1. numbered")
    assert reflowed_help("--warehouse stores\n--format csv") == "--warehouse stores --format csv"  # options, no list
    assert reflowed_help(None) is None
