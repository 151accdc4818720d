"""The suite runs in a techties home of its own (conftest's `_own_home`), never the developer's:
a demo warehouse in ~/.techties changed what tests saw, and tests wrote there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from techties.config import default_db, demo_db, home


def test_home_is_the_runs_own_folder(_own_home):
    assert home() == _own_home and home() != Path.home() / ".techties"
    assert _own_home.name.startswith("techties-home")
    assert "TECHTIES_DB" not in os.environ
    assert default_db() == _own_home / "warehouse.duckdb"
    assert demo_db() == _own_home / "demo.duckdb"


def test_a_subprocess_gets_the_same_home(_own_home):
    out = subprocess.run([sys.executable, "-c", "from techties.config import home; print(home())"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == str(_own_home)


def test_a_test_may_set_its_own(monkeypatch, tmp_path, _own_home):
    monkeypatch.setenv("TECHTIES_HOME", str(tmp_path / "mine"))
    assert home() == tmp_path / "mine"
