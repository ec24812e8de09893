"""The statistics of benchmarks/ (paired ratios, bootstrap intervals, verdicts) on fixed inputs,
and the table, chart and page they feed. No network, no timing."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))
import publish  # noqa: E402
import report  # noqa: E402
import stats  # noqa: E402

sys.path.remove(str(BENCH))


def test_paired_keeps_only_trials_both_sides_have_in_order():
    assert stats.paired({3: 30.0, 1: 10.0, 2: 20.0}, {2: 2.0, 1: 1.0, 9: 9.0}) == [
        (10.0, 1.0), (20.0, 2.0)]


def test_bootstrap_of_equal_values_is_a_point():
    assert stats.bootstrap_interval([1.25] * 7) == (1.25, 1.25)


def test_bootstrap_is_deterministic_and_brackets_the_median():
    values = [0.91, 0.95, 0.97, 0.99, 1.0, 1.02, 1.04, 1.08, 1.3]
    first = stats.bootstrap_interval(values)
    assert first == stats.bootstrap_interval(values)  # fixed seed
    low, high = first
    assert min(values) <= low < 1.0 < high <= max(values)
    assert (low, high) == (0.95, 1.08)  # pinned: seed 20261202, 2000 resamples


def test_bootstrap_interval_narrows_with_more_pairs():
    few = stats.bootstrap_interval([0.9, 1.0, 1.1])
    many = stats.bootstrap_interval([0.9, 1.0, 1.1] * 10)
    assert few == (0.9, 1.1)  # three pairs: the interval is their range
    assert many[1] - many[0] < few[1] - few[0]


def test_bootstrap_refuses_bad_input():
    with pytest.raises(ValueError):
        stats.bootstrap_interval([])
    with pytest.raises(ValueError):
        stats.bootstrap_interval([1.0], confidence=1.5)
    with pytest.raises(ValueError):
        stats.bootstrap_interval([1.0], resamples=0)


@pytest.mark.parametrize("low, high, higher_is_better, expected", [
    (1.02, 1.10, True, "ahead"),
    (0.80, 0.95, True, "behind"),
    (0.90, 1.10, True, "indistinguishable"),
    (1.00, 1.20, True, "indistinguishable"),  # 1.0 on the edge counts as inside
    (0.80, 0.95, False, "ahead"),  # lower is better (seconds, MiB): below 1.0 is ahead
    (1.05, 1.20, False, "behind"),
])
def test_verdict(low, high, higher_is_better, expected):
    assert stats.verdict(low, high, higher_is_better) == expected


def test_verdict_needs_enough_pairs_and_a_sane_interval():
    assert stats.verdict(1.5, 2.0, pairs=stats.MIN_PAIRS - 1) is None
    with pytest.raises(ValueError):
        stats.verdict(1.2, 1.1)


def test_compare_shifted_and_noisy_ratios():
    trials = range(15)
    go = {t: 100.0 + (t % 3) for t in trials}
    faster = {t: go[t] * (1.10 + 0.01 * (t % 4)) for t in trials}
    same = {t: go[t] * (0.96 + 0.01 * (t % 8)) for t in trials}  # 0.96 .. 1.03
    ahead = stats.compare(faster, go)
    assert ahead is not None and ahead["verdict"] == "ahead" and ahead["pairs"] == 15
    assert 1.10 <= ahead["low"] <= ahead["median"] <= ahead["high"] <= 1.13
    assert stats.compare(same, go)["verdict"] == "indistinguishable"
    assert stats.compare({t: go[t] * 0.8 for t in trials}, go)["verdict"] == "behind"
    assert stats.compare({1: 1.0}, {2: 1.0}) is None  # no common trial


def test_difference_of_pairs():
    d = stats.difference({1: 150.0, 2: 160.0, 3: 170.0}, {1: 140.0, 2: 140.0, 3: 140.0})
    assert d == {"median": 20.0, "low": 10.0, "high": 30.0, "pairs": 3}


def _samples(sdk_factor: float, trials: int = 6) -> report.Samples:
    s = report.Samples()
    for t in range(trials):
        s.record("go", "small", {"count": 10, "stat_s": 1.0, "list_s": 2.0, "putget_s": 4.0}, t)
        s.record("sdk", "small", {"count": 10, "stat_s": 1.0 / sdk_factor,
                                  "list_s": 2.0 / (sdk_factor * (1 + t / 100)),
                                  "putget_s": 4.0}, t)
        s.record("sdk", "updown", {"bytes": 10**6, "upload_s": 1, "download_s": 1,
                                   "peak_rss": (200 + t) * 2**20}, t, "medium")
        s.record("go", "updown", {"bytes": 10**6, "upload_s": 1, "download_s": 1,
                                  "peak_rss": 150 * 2**20}, t, "medium")
    return s


def test_summary_carries_intervals_verdicts_and_targets():
    ms = report.measures(64 << 20, 1 << 30, 256 << 20, 4)
    out = report.summarize(ms, _samples(0.9), ["sdk", "go", "pypi"])
    stat = out["stat"]
    assert stat["vs_reference"]["verdict"] == "behind"
    assert stat["ratio_sdk_go"] == pytest.approx(0.9)
    assert stat["target_met"] is False  # 0.9 < 0.97, and the interval excludes 1.0
    assert out["putget_1KiB"]["vs_reference"]["verdict"] == "indistinguishable"
    assert out["putget_1KiB"]["target_met"] is True
    assert out["stat"]["vs_pypi"] is None and "pypi" not in out["stat"]["sides"]
    rss = out["peak_rss_medium"]
    assert rss["difference"]["median"] == pytest.approx(52.5)
    assert rss["target_met"] is False  # more than Go + 40 MiB
    text = report.table(out, ["sdk", "go", "pypi"])
    assert "0.90 [0.90-0.90] -" in text and "1.00 [1.00-1.00] =" in text
    assert "verdicts:" in text


def test_summary_of_the_many_files_measures_compares_with_the_go_cli():
    ms = report.measures(64 << 20, 1 << 30, 256 << 20, 4, 1000, 64 << 10, 8)
    s = report.Samples()
    for t in range(4):
        s.record("gocli", "many-files", {"files": 1000, "upload_s": 10.0, "download_s": 5.0}, t)
        s.record("sdk", "many-files", {"files": 1000, "upload_s": 8.0, "download_s": 5.0}, t)
    out = report.summarize(ms, s, ["sdk", "go", "pypi", "gocli"])
    up = out["many_upload"]
    assert up["reference"] == "gocli" and up["label"] == "upload 1000 x 64 KiB, 8 at once"
    assert up["vs_reference"]["median"] == pytest.approx(1.25)
    assert up["vs_reference"]["verdict"] == "ahead" and up["target_met"] is True
    assert up["target"] == ">= 1 x Go CLI"
    assert out["many_download"]["vs_reference"]["verdict"] == "indistinguishable"


def test_publish_draws_a_valid_svg_and_replaces_only_the_table(tmp_path):
    ms = report.measures(64 << 20, 1 << 30, 256 << 20, 4)
    data = {"created": "2026-01-01T00:00:00+00:00", "mode": "full", "duration_s": 1.0,
            "machine": {"cpus": 2, "python": "3.11"},
            "measures": report.summarize(ms, _samples(1.1), ["sdk", "go"])}
    chart = publish.svg(data)
    root = ET.fromstring(chart)  # well-formed
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "stat (ops/s)" in texts and "1.10 ahead" in texts
    assert not any(t and t.startswith("peak RSS") for t in texts)  # a difference, not a ratio
    page = f"# Perf\n\nintro\n\n{publish.START}\nOLD TABLE\n{publish.END}\n\nafter\n"
    new = publish.page(page, publish.markdown(data))
    assert new.startswith("# Perf\n\nintro\n\n") and new.endswith("\n\nafter\n")
    assert "OLD TABLE" not in new and "| stat (ops/s) |" in new and "1.10 [1.10, 1.10] ahead" in new
    with pytest.raises(SystemExit):
        publish.page("no markers", "x")
