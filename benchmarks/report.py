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


def measures(medium: int, large: int, parallel_size: int, concurrency: int) -> List[Measure]:
    m, g, p = human_size(medium), human_size(large), human_size(parallel_size)
    return [
        Measure("upload_medium", f"upload {m}", "MB/s", True, "ratio", 0.97),
        Measure("download_medium", f"download {m}", "MB/s", True, "ratio", 0.97),
        Measure("upload_large", f"upload {g}", "MB/s", True, "ratio", 0.97),
        Measure("download_large", f"download {g}", "MB/s", True, "ratio", 0.97),
        Measure("stat", "stat", "ops/s", True, "ratio", 0.90),
        Measure("list100", "list of 100", "ops/s", True, "ratio", 0.90),
        Measure("putget_1KiB", "put+get 1 KiB", "ops/s", True, "ratio", 0.90),
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
    ]


class Samples:
    """Figures per measure and side, plus the errors and notes that came with them."""

    def __init__(self) -> None:
        self.values: Dict[str, Dict[str, List[float]]] = {}
        self.errors: Dict[str, Dict[str, List[str]]] = {}
        self.notes: Dict[str, List[str]] = {}

    def add(self, measure: str, side: str, value: float) -> None:
        self.values.setdefault(measure, {}).setdefault(side, []).append(value)

    def error(self, measure: str, side: str, text: str) -> None:
        self.errors.setdefault(measure, {}).setdefault(side, []).append(text)

    def note(self, side: str, text: str) -> None:
        notes = self.notes.setdefault(side, [])
        if text not in notes:
            notes.append(text)

    def record(self, side: str, op: str, result: Dict[str, Any], size: str = "") -> None:
        """Turn one worker result into figures (size: "medium" or "large" for updown)."""
        for note in result.get("notes") or ():
            self.note(side, str(note))
        ids = {
            "updown": [f"upload_{size}", f"download_{size}", f"peak_rss_{size}",
                       f"upload_cpu_{size}", f"download_cpu_{size}"],
            "small": ["stat", "list100", "putget_1KiB"],
            "parallel-upload": ["parallel_upload"],
            "parallel-download": ["parallel_download"],
        }[op]
        if "error" in result:
            for mid in ids:
                self.error(mid, side, str(result["error"]))
            return
        if op == "updown":
            n = float(result["bytes"])
            self.add(f"upload_{size}", side, n / MB / float(result["upload_s"]))
            self.add(f"download_{size}", side, n / MB / float(result["download_s"]))
            self.add(f"peak_rss_{size}", side, float(result["peak_rss"]) / MiB)
            if "upload_cpu_s" in result:
                self.add(f"upload_cpu_{size}", side, float(result["upload_cpu_s"]) / (n / 1e9))
                self.add(f"download_cpu_{size}", side,
                         float(result["download_cpu_s"]) / (n / 1e9))
        elif op == "small":
            count = float(result["count"])
            self.add("stat", side, count / float(result["stat_s"]))
            self.add("list100", side, count / float(result["list_s"]))
            self.add("putget_1KiB", side, count / float(result["putget_s"]))
        else:
            self.add(ids[0], side, float(result["bytes"]) / MB / float(result["seconds"]))


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    if a is None or b is None or b == 0:
        return None
    return round(a / b, 3)


def summarize(ms: List[Measure], samples: Samples, sides: List[str]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for m in ms:
        per_side: Dict[str, Any] = {}
        medians: Dict[str, Optional[float]] = {}
        for side in sides:
            runs = samples.values.get(m.id, {}).get(side, [])
            errors = samples.errors.get(m.id, {}).get(side, [])
            med = round(statistics.median(runs), 3) if runs else None
            medians[side] = med
            per_side[side] = {"median": med, "runs": [round(v, 3) for v in runs]}
            if errors:
                per_side[side]["errors"] = sorted(set(errors))
        sdk, go, pypi = medians.get("sdk"), medians.get("go"), medians.get("pypi")
        met: Optional[bool] = None
        if sdk is not None and go is not None and m.target_kind != "info":
            if m.target_kind == "plus":
                met = sdk <= go + m.target_value
            else:
                met = sdk >= m.target_value * go
        ahead: Optional[bool] = None
        if sdk is not None and pypi is not None:
            ahead = sdk > pypi if m.higher_is_better else sdk < pypi
        out[m.id] = {
            "label": m.label, "unit": m.unit, "higher_is_better": m.higher_is_better,
            "sides": per_side,
            "ratio_sdk_go": _ratio(sdk, go), "ratio_sdk_pypi": _ratio(sdk, pypi),
            "target": m.target_text, "target_met": met, "ahead_of_pypi": ahead,
        }
    return out


def _fmt(v: Optional[float]) -> str:
    if v is None:
        return "-"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def table(summary: Dict[str, Any], sides: List[str]) -> str:
    names = {"sdk": "SDK", "go": "Go", "pypi": "PyPI 0.2.0"}
    head = ["measure", "unit"] + [names[s] for s in sides] + ["SDK/Go"]
    if "pypi" in sides:
        head.append("SDK/PyPI")
    head += ["target", "met"]
    rows = [head]
    for m in summary.values():
        row = [m["label"], m["unit"]] + [_fmt(m["sides"][s]["median"]) for s in sides]
        row.append(_fmt(m["ratio_sdk_go"]))
        if "pypi" in sides:
            row.append(_fmt(m["ratio_sdk_pypi"]))
        met = m["target_met"]
        row += [m["target"], "-" if met is None else ("yes" if met else "NO")]
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = []
    for i, r in enumerate(rows):
        cells = [c.ljust(widths[j]) if j < 2 or j >= len(head) - 2 else c.rjust(widths[j])
                 for j, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
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
