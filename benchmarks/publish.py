"""Turn benchmarks/results/latest.json into the performance page's chart and table.

    python benchmarks/publish.py                  # latest.json -> docs/images + docs/performance.md
    python benchmarks/publish.py --check          # exit 1 if the page is not up to date

Writes ``docs/images/benchmark-ratios.svg`` (the paired ratios of every
measure with their 95 % intervals, drawn here as plain SVG) and replaces the
table between the ``<!-- results:start -->`` and ``<!-- results:end -->``
lines of ``docs/performance.md``. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from html import escape
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "latest.json"
SVG = ROOT / "docs" / "images" / "benchmark-ratios.svg"
PAGE = ROOT / "docs" / "performance.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
ALL_GROUPS = ("updown-medium", "updown-large", "small", "parallel-upload",
              "parallel-download", "many-files")

NAMES = {"go": "Go", "gocli": "Go CLI", "pypi": "PyPI 0.2.0", "sdk": "SDK"}
VERDICT_MARK = {"ahead": "ahead", "indistinguishable": "same", "behind": "behind", None: "n/a"}
VERDICT_WORD = {"ahead": "ahead", "indistinguishable": "indistinguishable", "behind": "behind",
                None: "n/a"}
#: Series of the chart: (comparison field, legend text, colour).
SERIES = (("vs_reference", "SDK / Go (Go CLI for many files)", "#1f6fb4"),
          ("vs_pypi", "SDK / PyPI storj-uplink 0.2.0", "#d9822b"))


def _rows(data: Dict[str, Any]) -> List[Tuple[str, Dict[str, Any]]]:
    """The speed measures that have a ratio to show (peak RSS is a difference, and client
    CPU, where lower is better, is information: both are in the table only)."""
    return [(mid, m) for mid, m in data["measures"].items()
            if m.get("higher_is_better") and m.get("difference") is None
            and (m.get("vs_reference") or m.get("vs_pypi"))]


def _axis(rows: List[Tuple[str, Dict[str, Any]]]) -> Tuple[float, float]:
    lows, highs = [1.0], [1.0]
    for _, m in rows:
        for field, _, _ in SERIES:
            c = m.get(field)
            if c:
                lows.append(c["low"])
                highs.append(c["high"])
    lo = max(min(lows) / 1.15, 1 / 16)
    hi = min(max(highs) * 1.15, 16.0)
    return math.log2(lo), math.log2(hi)


def svg(data: Dict[str, Any]) -> str:
    """The chart: one row per measure, a dot at the median ratio and a bar over its interval."""
    rows = _rows(data)
    left, right, top, row_h = 300, 230, 64, 30
    width = 1080
    plot_w = width - left - right
    height = top + row_h * max(len(rows), 1) + 56
    lo, hi = _axis(rows)

    def x(ratio: float) -> float:
        r = math.log2(min(max(ratio, 2 ** lo), 2 ** hi))
        return left + (r - lo) / (hi - lo) * plot_w

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">Paired ratios, median '
           f'and 95% bootstrap interval (right of 1.0: the SDK is faster)</text>']
    legend_x = left
    for _, text, colour in SERIES:
        out.append(f'<circle cx="{legend_x + 6}" cy="40" r="5" fill="{colour}"/>')
        out.append(f'<text x="{legend_x + 16}" y="44">{escape(text)}</text>')
        legend_x += 300
    bottom = top + row_h * len(rows)
    ticks = [t for t in (0.125, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0, 8.0, 16.0)
             if lo <= math.log2(t) <= hi]
    for t in ticks:
        xt = x(t)
        stroke = ' stroke="#333" stroke-width="1.5"' if t == 1.0 else ' stroke="#ddd"'
        out.append(f'<line x1="{xt:.1f}" y1="{top - 6}" x2="{xt:.1f}" y2="{bottom}"{stroke}/>')
        out.append(f'<text x="{xt:.1f}" y="{bottom + 18}" text-anchor="middle">{t:g}</text>')
    out.append(f'<text x="{left + plot_w / 2:.0f}" y="{bottom + 40}" text-anchor="middle">'
               f'SDK / other side (log scale)</text>')
    for i, (_, m) in enumerate(rows):
        y = top + row_h * i + row_h / 2
        if i % 2 == 0:
            out.append(f'<rect x="0" y="{y - row_h / 2:.1f}" width="{width}" height="{row_h}" '
                       f'fill="#f6f8fa"/>')
        label = f"{m['label']} ({m['unit']})"
        out.append(f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end">'
                   f'{escape(label)}</text>')
        verdicts = []
        for k, (field, _, colour) in enumerate(SERIES):
            c = m.get(field)
            if not c:
                continue
            yy = y + (k - 0.5) * 8
            out.append(f'<line x1="{x(c["low"]):.1f}" y1="{yy:.1f}" x2="{x(c["high"]):.1f}" '
                       f'y2="{yy:.1f}" stroke="{colour}" stroke-width="3" '
                       f'stroke-linecap="round"/>')
            out.append(f'<circle cx="{x(c["median"]):.1f}" cy="{yy:.1f}" r="5" '
                       f'fill="{colour}" stroke="white"/>')
            verdicts.append((colour, f'{c["median"]:.2f} {VERDICT_MARK[c["verdict"]]}'))
        for k, (colour, text) in enumerate(verdicts):
            out.append(f'<text x="{left + plot_w + 12 + 108 * k}" y="{y + 4:.1f}" '
                       f'fill="{colour}">{escape(text)}</text>')
    # redraw the 1.0 line over the row backgrounds
    out.append(f'<line x1="{x(1.0):.1f}" y1="{top - 6}" x2="{x(1.0):.1f}" y2="{bottom}" '
               f'stroke="#333" stroke-width="1.5"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _fmt(v: Optional[float]) -> str:
    if v is None:
        return ""
    return f"{v:.0f}" if v >= 100 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def _ratio_cell(c: Optional[Dict[str, Any]]) -> str:
    if not c:
        return ""
    return f"{c['median']:.2f} [{c['low']:.2f}, {c['high']:.2f}] {VERDICT_WORD[c['verdict']]}"


def markdown(data: Dict[str, Any], note: str = "") -> str:
    """The results table of the page, and a line on where they come from (and ``note``)."""
    head = ("| measure | SDK | Go / Go CLI | PyPI 0.2.0 | SDK / Go [95% CI] | "
            "SDK / PyPI [95% CI] | target | met |")
    lines = [head, "|---|---:|---:|---:|---|---|---|---|"]
    for m in data["measures"].values():
        if not any(side.get("median") is not None for side in m["sides"].values()):
            continue  # not measured in this run
        ref = m.get("reference", "go")

        def med(side: str, sides: Dict[str, Any] = m["sides"]) -> str:
            return _fmt(sides.get(side, {}).get("median"))

        vs_ref = _ratio_cell(m.get("vs_reference"))
        d = m.get("difference")
        if d:
            vs_ref = f"{d['median']:+.0f} MiB [{d['low']:+.0f}, {d['high']:+.0f}]"
        met = m.get("target_met")
        lines.append(f"| {m['label']} ({m['unit']}) | {med('sdk')} | {med(ref)} | "
                     f"{med('pypi')} | {vs_ref} | {_ratio_cell(m.get('vs_pypi'))} | "
                     f"{m['target']} | {'' if met is None else 'yes' if met else 'no'} |")
    machine = data.get("machine", {})
    config = data.get("config", {})
    lines.append("")
    if note:
        lines.append(f"**{note}**")
        lines.append("")
    groups = config.get("groups")
    if groups and set(groups) != set(ALL_GROUPS):
        lines.append(f"A partial run: only {', '.join(groups)}.")
    lines.append(f"Run of {data.get('created', '?')} ({data.get('mode', '?')} mode, "
                 f"{data.get('duration_s', '?')} s, {machine.get('cpus', '?')} cores, "
                 f"Python {machine.get('python', '?')}). Verdicts: *ahead* and *behind* when "
                 f"the whole interval is on one side of 1.0, *indistinguishable* (*same* in the "
                 f"chart) when it holds 1.0, *n/a* with too few pairs.")
    return "\n".join(lines)


def page(text: str, table: str) -> str:
    if START not in text or END not in text:
        raise SystemExit(f"{PAGE} has no {START} ... {END} lines to replace")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}\n{END}{tail}"


def main(argv: Any = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--results", type=Path, default=RESULTS)
    p.add_argument("--svg", type=Path, default=SVG)
    p.add_argument("--page", type=Path, default=PAGE)
    p.add_argument("--note", help="a sentence shown in bold under the table (kept in the "
                   "results file as its \"note\", so later runs of this script show it too)")
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if the chart or the page differ")
    args = p.parse_args(argv)
    data = json.loads(args.results.read_text())
    if args.note is not None and not args.check:
        data["note"] = args.note
        args.results.write_text(json.dumps(data, indent=2) + "\n")
    note = data.get("note", "") if args.note is None else args.note
    chart, text = svg(data), page(args.page.read_text(), markdown(data, note))
    if args.check:
        stale = [str(f) for f, new in ((args.svg, chart), (args.page, text))
                 if not f.exists() or f.read_text() != new]
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    args.svg.parent.mkdir(parents=True, exist_ok=True)
    args.svg.write_text(chart)
    args.page.write_text(text)
    print(f"wrote {args.svg} and the table of {args.page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
