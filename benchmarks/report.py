"""Measures, their aggregation (medians, ratios, targets), the table and the JSON file."""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

import stats

MB = 1_000_000  # MB/s are 10^6 bytes per second
MiB = 1 << 20


def human_size(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", MiB), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} B"


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    unit: str
    higher_is_better: bool
    #: "ratio": SDK/Go >= value; "plus": SDK <= Go + value (in the unit); "info": no target
    target_kind: str
    target_value: float

    @property
    def target_text(self) -> str:
        if self.target_kind == "info":
            return "(info)"
        if self.target_kind == "plus":
            return f"<= Go + {self.target_value:g} {self.unit}"
        return f">= {self.target_value:g} x Go"


def measures(medium: int, large: int, parallel_size: int, concurrency: int,
             many: int = 1000, many_size: int = 64 << 10, transfers: int = 8) -> List[Measure]:
    m, g, p = human_size(medium), human_size(large), human_size(parallel_size)
    f = f"{many} x {human_size(many_size)}"
    return [
        Measure("upload_medium", f"upload {m}", "MB/s", True, "ratio", 0.97),
        Measure("download_medium", f"download {m}", "MB/s", True, "ratio", 0.97),
        Measure("upload_large", f"upload {g}", "MB/s", True, "ratio", 0.97),
        Measure("download_large", f"download {g}", "MB/s", True, "ratio", 0.97),
        Measure("stat", "stat", "ops/s", True, "ratio", 0.97),
        Measure("list100", "list of 100", "ops/s", True, "ratio", 0.97),
        Measure("putget_1KiB", "put+get 1 KiB", "ops/s", True, "ratio", 0.97),
        Measure("peak_rss_medium", f"peak RSS, {m} up+down", "MiB", False, "plus", 40),
        Measure("peak_rss_large", f"peak RSS, {g} up+down", "MiB", False, "plus", 40),
        Measure("upload_cpu_medium", f"client CPU, upload {m}", "s/GB", False, "info", 0),
        Measure("download_cpu_medium", f"client CPU, download {m}", "s/GB", False, "info", 0),
        Measure("upload_cpu_large", f"client CPU, upload {g}", "s/GB", False, "info", 0),
        Measure("download_cpu_large", f"client CPU, download {g}", "s/GB", False, "info", 0),
        Measure("parallel_upload", f"upload_file {p}, {concurrency} parts at once", "MB/s",
                True, "ratio", 1.0),
        Measure("parallel_download", f"download_file {p}, {concurrency} ranges at once", "MB/s",
                True, "ratio", 1.0),
        Measure("many_upload", f"upload {f}, {transfers} at once", "files/s", True, "ratio", 1.0),
        Measure("many_download", f"download {f}, {transfers} at once", "files/s", True,
                "ratio", 1.0),
    ]


class Samples:
    """Figures per measure, side and trial, plus the errors and notes that came with them.

    A trial is one round of the sides over one group, back to back: figures of
    the same trial form the pairs of :mod:`stats`.
    """

    def __init__(self) -> None:
        self.values: Dict[str, Dict[str, Dict[int, float]]] = {}
        self.errors: Dict[str, Dict[str, List[str]]] = {}
        self.notes: Dict[str, List[str]] = {}

    def add(self, measure: str, side: str, value: float, trial: int) -> None:
        self.values.setdefault(measure, {}).setdefault(side, {})[trial] = value

    def error(self, measure: str, side: str, text: str) -> None:
        self.errors.setdefault(measure, {}).setdefault(side, []).append(text)

    def note(self, side: str, text: str) -> None:
        notes = self.notes.setdefault(side, [])
        if text not in notes:
            notes.append(text)

    def record(self, side: str, op: str, result: Dict[str, Any], trial: int,
               size: str = "") -> None:
        """Turn one worker result into figures (size: "medium" or "large" for updown)."""
        for note in result.get("notes") or ():
            self.note(side, str(note))
        ids = {
            "updown": [f"upload_{size}", f"download_{size}", f"peak_rss_{size}",
                       f"upload_cpu_{size}", f"download_cpu_{size}"],
            "small": ["stat", "list100", "putget_1KiB"],
            "parallel-upload": ["parallel_upload"],
            "parallel-download": ["parallel_download"],
            "many-files": ["many_upload", "many_download"],
        }[op]
        if "error" in result:
            for mid in ids:
                self.error(mid, side, str(result["error"]))
            return

        def add(measure: str, value: float) -> None:
            self.add(measure, side, value, trial)

        if op == "updown":
            n = float(result["bytes"])
            add(f"upload_{size}", n / MB / float(result["upload_s"]))
            add(f"download_{size}", n / MB / float(result["download_s"]))
            add(f"peak_rss_{size}", float(result["peak_rss"]) / MiB)
            if "upload_cpu_s" in result:
                add(f"upload_cpu_{size}", float(result["upload_cpu_s"]) / (n / 1e9))
                add(f"download_cpu_{size}", float(result["download_cpu_s"]) / (n / 1e9))
        elif op == "small":
            count = float(result["count"])
            add("stat", count / float(result["stat_s"]))
            add("list100", count / float(result["list_s"]))
            add("putget_1KiB", count / float(result["putget_s"]))
        elif op == "many-files":
            files = float(result["files"])
            add("many_upload", files / float(result["upload_s"]))
            add("many_download", files / float(result["download_s"]))
        else:
            add(ids[0], float(result["bytes"]) / MB / float(result["seconds"]))


#: The side each measure compares the SDK with first ("go"; the Go CLI for many files).
REFERENCE = {"many_upload": "gocli", "many_download": "gocli"}


def _target_met(m: Measure, ratio: Optional[Dict[str, Any]],
                diff: Optional[Dict[str, Any]]) -> Optional[bool]:
    """A ratio target is met when the median reaches it or the interval cannot tell the
    sides apart ("indistinguishable" counts as met); a "plus" target by the median difference."""
    if m.target_kind == "plus":
        return None if diff is None else bool(diff["median"] <= m.target_value)
    if m.target_kind != "ratio" or ratio is None:
        return None
    if ratio["median"] >= m.target_value:
        return True
    if ratio["verdict"] is None:
        return None
    return ratio["verdict"] != stats.BEHIND


def summarize(ms: List[Measure], samples: Samples, sides: List[str]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for m in ms:
        per_side: Dict[str, Any] = {}
        measured = samples.values.get(m.id, {})
        present = [s for s in sides if s in measured or s in samples.errors.get(m.id, {})]
        for side in present:
            runs = measured.get(side, {})
            values = [runs[t] for t in sorted(runs)]
            errors = samples.errors.get(m.id, {}).get(side, [])
            med = round(statistics.median(values), 3) if values else None
            per_side[side] = {"median": med, "runs": [round(v, 3) for v in values]}
            if errors:
                per_side[side]["errors"] = sorted(set(errors))
        sdk = measured.get("sdk", {})
        ref = REFERENCE.get(m.id, "go")
        vs_ref = stats.compare(sdk, measured.get(ref, {}), m.higher_is_better)
        vs_pypi = stats.compare(sdk, measured.get("pypi", {}), m.higher_is_better)
        diff = stats.difference(sdk, measured.get(ref, {})) if m.target_kind == "plus" else None
        met = _target_met(m, vs_ref, diff)
        out[m.id] = {
            "label": m.label, "unit": m.unit, "higher_is_better": m.higher_is_better,
            "reference": ref, "sides": per_side,
            "vs_reference": vs_ref, "vs_pypi": vs_pypi, "difference": diff,
            "ratio_sdk_go": None if vs_ref is None else vs_ref["median"],
            "ratio_sdk_pypi": None if vs_pypi is None else vs_pypi["median"],
            "target": m.target_text.replace("Go", _REF_NAMES[ref]), "target_met": met,
            "ahead_of_pypi": None if vs_pypi is None or vs_pypi["verdict"] is None
            else vs_pypi["verdict"] == stats.AHEAD,
        }
    return out


_REF_NAMES = {"go": "Go", "gocli": "Go CLI"}


def _fmt(v: Optional[float]) -> str:
    if v is None:
        return "-"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _cmp(c: Optional[Dict[str, Any]]) -> str:
    """``0.98 [0.93-1.04] =``: median ratio, interval, verdict mark."""
    if c is None:
        return "-"
    mark = {stats.AHEAD: "+", stats.SAME: "=", stats.BEHIND: "-", None: "?"}[c["verdict"]]
    return f"{c['median']:.2f} [{c['low']:.2f}-{c['high']:.2f}] {mark}"


def table(summary: Dict[str, Any], sides: List[str]) -> str:
    """The text table: medians per side, paired ratios with intervals and verdicts."""
    names = {"sdk": "SDK", "go": "Go", "pypi": "PyPI 0.2.0", "gocli": "Go CLI"}
    shown = [s for s in sides if any(s in m["sides"] for m in summary.values())]
    head = ["measure", "unit"] + [names.get(s, s) for s in shown]
    head += ["SDK/reference [95% CI]", "SDK/PyPI [95% CI]", "target", "met"]
    rows = [head]
    for m in summary.values():
        if not m["sides"]:
            continue  # not measured in this run
        row = [m["label"], m["unit"]]
        row += [_fmt(m["sides"][s]["median"]) if s in m["sides"] else "" for s in shown]
        ref = _cmp(m["vs_reference"])
        if m["difference"] is not None:
            d = m["difference"]
            ref = f"{d['median']:+.0f} [{d['low']:+.0f}..{d['high']:+.0f}] MiB"
        elif m["reference"] != "go" and m["vs_reference"] is not None:
            ref += " (Go CLI)"
        row += [ref, _cmp(m["vs_pypi"])]
        met = m["target_met"]
        row += [m["target"], "-" if met is None else ("yes" if met else "NO")]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for i, r in enumerate(rows):
        cells = [c.ljust(widths[j]) if j < 2 or j >= len(head) - 4 else c.rjust(widths[j])
                 for j, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("verdicts: + ahead, = indistinguishable (the interval holds 1.0), - behind, "
                 f"? too few pairs (< {stats.MIN_PAIRS})")
    return "\n".join(lines)


def machine() -> Dict[str, Any]:
    return {"cpus": os.cpu_count(), "platform": platform.platform(),
            "python": sys.version.split()[0],
            "GOGC": os.environ.get("GOGC"), "GOMEMLIMIT": os.environ.get("GOMEMLIMIT")}


def write_json(path: Path, data: Dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)
