"""The terminal shows estimates rounded to six significant digits; files keep every digit."""

import pytest

from techties.metrics.export import terminal_cell


@pytest.mark.parametrize(("value", "shown"), [
    (12345.678901, "12345.7"),        # 5 digits before the point: one after
    (0.30000000000000004, "0.3"),     # 0.300000 with its zeros dropped
    (1234567.89, "1234568"),          # 7 digits: rounded to a whole number, no exponent
    (1e7, "10000000"),
    (0.000123456789, "0.000123457"),  # six significant digits after the leading zeros
    (3.0, "3"),
    (0.0, "0"),
    (-2.5, "-2.5"),
    (None, ""),
    (7, "7"),
    ("CN-RU", "CN-RU"),
])
def test_terminal_cell(value: object, shown: str) -> None:
    assert terminal_cell(value) == shown
