"""Terminal tables show floats rounded to six significant digits; files keep every digit."""

import pytest

from techties.terminal import shown_number


@pytest.mark.parametrize(("value", "shown"), [  # worked out by hand
    (12345.678901, "12345.7"),        # 5 digits before the point: one after
    (0.30000000000000004, "0.3"),     # 0.300000 with its zeros dropped
    (1234567.89, "1234568"),          # 7 digits: rounded to a whole number, no exponent
    (1e7, "10000000"),
    (0.000123456789, "0.000123457"),  # six significant digits after the leading zeros
    (3.0, "3"),
    (0.0, "0"),
    (-2.5, "-2.5"),
    (None, None),
    (7, 7),
    ("CN-RU", "CN-RU"),
])
def test_shown_number(value: object, shown: object) -> None:
    assert shown_number(value) == shown


def test_every_terminal_table_shortens_floats() -> None:
    from io import StringIO

    from rich.console import Console

    from techties.terminal import rich_table

    buf = StringIO()
    Console(file=buf, width=120, color_system=None).print(rich_table("t", ["pair", "works"], [["CN-US", 12345.678901]]))
    assert "12345.7" in buf.getvalue() and "12345.67" not in buf.getvalue()
