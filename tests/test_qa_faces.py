"""Second new-user pass (issue: dashboard, brief, watch, Python API): one regression test per defect.

Each test names the defect it guards; expected values are worked out by hand in the test."""
from __future__ import annotations

import pytest

from techties.errors import InputError
from techties.watch.rules import load_rules


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_watch_rule_threshold_not_a_finite_number_is_refused(tmp_path, value):
    # defect: `threshold_pct: .nan` was accepted, and a NaN threshold never fires (NaN >= x is false)
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - id: r\n    kind: change\n    indicator: pair_works\n"
                     f"    threshold_pct: {value}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"rules\.yaml:2: rule 'r': threshold_pct must be a finite number"):
        load_rules(rules)
