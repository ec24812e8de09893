"""The test command (scripts/test.sh, what CI runs) keeps its reliability settings."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_go_tests_run_uncached_under_the_race_detector():
    script = (ROOT / "scripts" / "test.sh").read_text()
    go_test = [line for line in script.splitlines()
               if re.search(r"\btest\b", line) and "go_bin" in line and "(cd go" in line]
    assert len(go_test) == 1, go_test
    assert "-count=1" in go_test[0].split() and "-race" in go_test[0].split()


def test_pytest_timeout_is_a_test_dependency():
    pyproject = (ROOT / "pyproject.toml").read_text()
    test_extra = re.search(r"^test = \[(.*?)\]", pyproject, re.M | re.S)
    assert test_extra and '"pytest-timeout' in test_extra.group(1)


def test_ci_runs_the_local_network_from_pip_without_toolchain_or_root():
    script = (ROOT / "scripts" / "test.sh").read_text()
    assert 'bash "$ROOT/scripts/check-testnet-wheels.sh"' in script
    check = (ROOT / "scripts" / "check-testnet-wheels.sh").read_text()
    assert "runuser -u" in check and "useradd" in check
    assert "for tool in go gcc cc zig initdb pg_ctl postgres; do" in check
    assert "[testnet]" in check and "hello_storj.py" in check
