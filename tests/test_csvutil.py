"""`techties.sources.csvutil`: the cell lookups the CSV export readers share, and how rows are cut
into records. Expected values are written out by hand from the rows given."""

from __future__ import annotations

import pytest

from techties.sources.csvutil import Row


def test_row_text_takes_the_first_column_with_a_value_stripped():
    row = Row({"Source title": "  ", "Source title/Anthology title": " Nature ", "Title": ""})
    assert row.text("Source title", "Source title/Anthology title") == "Nature"  # renamed between versions
    assert row.text("Title") is None and row.text("Missing") is None


def test_row_required_names_the_empty_id_column():
    assert Row({"EID": " 2-s2.0-1 "}).required("EID") == "2-s2.0-1"
    with pytest.raises(ValueError, match="record has no Lens ID"):
        Row({"Lens ID": " "}).required("Lens ID")


def test_row_values_split_a_multi_value_cell():
    row = Row({"Authors": "Smith, John; ;Doe, Jane ;", "Orgs": "", "Orgs new": "A;B"})
    assert row.values("Authors") == ["Smith, John", "Doe, Jane"]
    assert row.values("Orgs", "Orgs new") == ["A", "B"]
    assert Row({"Authors": "Phillips J.C., Braun R."}).values("Authors", sep=",") == ["Phillips J.C.", "Braun R."]
