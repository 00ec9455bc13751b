#!/usr/bin/env python3
"""Compare drillsim's earthquake hindcasts with what happened, as Markdown tables.

Run from anywhere:  python3 scenarios/tools/hindcast.py [--runs N] [--event-runs K] [--only EVENT] [--bin PATH]

For each event of scenarios/tools/gen_hindcast.py (the scenario scenarios/hindcast/<event>.ron), it runs
`drillsim batch --runs N --seed S --jobs 1 --json --csv …` for the KPI statistics, and the first K of the
same replicates again with `drillsim run --seed S --replicate R --events …` for what only the event log
shows (the first team at the epicentre town, when the roads into it were cut and reopened, the levels
declared and when). It prints, per event, observed (from gen_hindcast.py's facts table, with sources)
against model (mean, p5–p95 over the replicates), the tolerance held and whether it holds:

* deaths + missing within ×2 of the observed figure (issue 14);
* times (first team at the epicentre town, access restored) within ±50 %;
* other quantities: the ratio model / observed, no tolerance.

KPIs that this tree does not compute yet are printed as "not yet modelled"; they are looked up by their
`batch --json` key (`missing`, `injured_severe`, `relocated_total`, `deaths_known_2h` …,
`relief_level_peak`, `province_level_peak`, `nation_level_peak`), so they appear once they exist.

The binary is target/release/drillsim if it exists, else target/debug/drillsim (`cargo build` first), or
--bin. Standard library only.
"""

import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from gen_hindcast import EVENTS  # noqa: E402

NYM = "not yet modelled"
LEVEL = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ"}


def find_binary(given):
    if given:
        return given
    for sub in ("release", "debug"):
        path = os.path.join(ROOT, "target", sub, "drillsim")
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    sys.exit("error: no drillsim binary in target/release or target/debug: run `cargo build` first, or give --bin")


def run(cmd):
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: `{' '.join(cmd)}` failed with status {done.returncode}:\n{done.stderr.strip()}")
    return done.stdout


def nearest_rank(values, q):
    ordered = sorted(values)
    k = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[k - 1]


def stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"mean": sum(values) / len(values), "p5": nearest_rank(values, 5), "p50": nearest_rank(values, 50),
            "p95": nearest_rank(values, 95), "n": len(values)}


def num(x, digits=0):
    if x is None:
        return "—"
    if digits == 0:
        return f"{x:,.0f}".replace(",", " ")
    return f"{x:,.{digits}f}".replace(",", " ")


def show(st, digits=0, unit=""):
    if st is None:
        return NYM
    return (f"{num(st['mean'], digits)}{unit} ({num(st['p5'], digits)}–{num(st['p95'], digits)};"
            f" median {num(st['p50'], digits)})")


def within_factor(model, observed, factor):
    if model is None or not observed:
        return "—"
    ok = observed / factor <= model <= observed * factor
    return f"{'yes' if ok else 'no'} (×{model / observed:.2f})"


def ratio(model, observed):
    if model is None or not observed:
        return "—"
    return f"×{model / observed:.2f}"


def within_share(model, observed, share):
    if model is None or observed is None:
        return "—"
    ok = abs(model - observed) <= share * observed
    return f"{'yes' if ok else 'no'} ({(model - observed) / observed:+.0%})"


def batch(binary, scenario, runs, seed):
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "runs.csv")
        out = run([binary, "batch", scenario, "--runs", str(runs), "--seed", str(seed), "--jobs", "1",
                   "--json", "--csv", csv_path])
        with open(csv_path, encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r["status"] == "ok"]
    return json.loads(out)["kpis"], rows


def column(rows, key):
    """Per-replicate values of one KPI, or None if the KPI does not exist in this tree."""
    if not rows or key not in rows[0]:
        return None
    return [float(r[key]) if r[key] != "" else None for r in rows]


def event_runs(binary, scenario, ev, k, seed):
    """What the event logs of the first k replicates show, per replicate."""
    town = ev["epicentre_town"]
    access = set(ev["observed"]["access_roads"])
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(k):
            path = os.path.join(tmp, f"events-{r}.jsonl")
            run([binary, "run", scenario, "--seed", str(seed), "--replicate", str(r), "--json", "--events", path])
            quake, first_team, cut, reopened, levels = None, None, {}, {}, []
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    e = json.loads(line)
                    kind, t = e["kind"], e["t"]
                    if kind == "earthquake_struck" and quake is None:
                        quake = t
                    elif kind == "team_arrived" and e["place"] == town and first_team is None:
                        first_team = t
                    elif kind == "road_changed" and e["road"] in access:
                        if e["state"] == "blocked":
                            cut.setdefault(e["road"], t)
                            reopened.pop(e["road"], None)
                        elif e["cause"] == "cleared":
                            reopened[e["road"]] = t
                    elif kind == "level_declared":
                        levels.append((t, e["level"], e.get("by", "")))
            q = quake or 0
            h = lambda t: None if t is None else (t - q) / 60  # noqa: E731
            blocked = {road: h(t) for road, t in cut.items()}
            # Access is restored when the last cut road into the epicentre reopened; never reopened:
            # the end of the run (a lower bound), as road_restore_h counts it.
            restored = None
            if blocked:
                ends = [h(reopened[r]) if r in reopened else None for r in blocked]
                restored = None if None in ends else max(ends)
            out.append({"first_team_h": h(first_team), "cut": blocked, "restored_h": restored,
                        "levels": [(h(t), lvl, by) for t, lvl, by in levels]})
    return out


def table(ev, kpis, rows, evs, runs, k):
    o = ev["observed"]
    lines = [f"### {ev['title']} — `scenarios/hindcast/{ev['id']}.ron`", "",
             f"Model: {runs} replicates (`batch --seed 1`), event logs of the first {k}. "
             "Observed: docs/calibration.md (sources in scenarios/tools/gen_hindcast.py).", "",
             "| Quantity | Observed | Model: mean (p5–p95; median) | Tolerance | Holds |", "|---|---|---|---|---|"]

    def row(name, observed, model, tol="—", holds="—"):
        lines.append(f"| {name} | {observed} | {model} | {tol} | {holds} |")

    deaths, missing = column(rows, "deaths"), column(rows, "missing")
    dm = [d + (m or 0) for d, m in zip(deaths, missing or [0] * len(deaths))] if deaths else None
    st = stats(dm) if dm else None
    label = "Deaths + missing" if missing is not None else "Deaths + missing (model: deaths only; missing " + NYM + ")"
    row(label, num(o["deaths"] + o["missing"]), show(st), "×2",
        within_factor(st and st["mean"], o["deaths"] + o["missing"], 2))
    row("Deaths", num(o["deaths"]), show(stats(deaths)))
    row("Missing (失联)", num(o["missing"]), show(stats(missing)) if missing is not None else NYM)
    inj = stats(column(rows, "injured_total"))
    row("Injured", num(o["injured"]), show(inj), "none", ratio(inj and inj["mean"], o["injured"]))
    sev = column(rows, "injured_severe")
    row("Severe injured", num(o["injured_severe"]) if o["injured_severe"] else "not found",
        show(stats(sev)) if sev is not None else NYM)
    rel = column(rows, "relocated_total")
    row("Relocated (紧急转移安置)", o["relocated_note"], show(stats(rel)) if rel is not None else NYM)
    row("Displaced (home lost; nearest today to relocated)", "—", show(stats(column(rows, "displaced_total"))))

    ft = stats([e["first_team_h"] for e in evs])
    never = sum(1 for e in evs if e["first_team_h"] is None)
    ft_text = show(ft, 1, " h") if ft else "no team came"
    if ft and never:
        ft_text += f"; none in {never} of {k}"
    obs_ft = f"{o['first_team_h']:.1f} h" if o["first_team_h"] is not None else "not found"
    row(f"First team at the epicentre town ({ev['epicentre_town']})", obs_ft, ft_text, "±50 %",
        within_share(ft and ft["mean"], o["first_team_h"], 0.5))
    row("First team on scene, median over rescue sites (`first_response_p50_min`)", "—",
        show(stats([None if v is None else v / 60 for v in column(rows, "first_response_p50_min")]), 1, " h"))

    roads = ", ".join(f"`{r}`" for r in o["access_roads"])
    n_cut = sum(1 for e in evs if e["cut"])
    row(f"Roads into the epicentre ({roads}) cut", "yes", f"cut in {n_cut} of {k} replicates")
    rest = stats([e["restored_h"] for e in evs if e["cut"]])
    row("… access restored (last of them reopened)", f"{o['access_restored_h']:.1f} h",
        show(rest, 1, " h") if rest else ("not cut" if not n_cut else "not reopened by 72 h"), "±50 %",
        within_share(rest and rest["mean"], o["access_restored_h"], 0.5) if n_cut else "—")
    row("Last blocked road reopened, any road (`road_restore_h`)", "—",
        show(stats(column(rows, "road_restore_h")), 1, " h"))

    peak = column(rows, "response_level_peak")
    peaks = sorted({int(v) for v in peak or [] if v is not None})
    first = evs[0]["levels"] if evs else []
    timeline = ", ".join(f"{lvl} at {h:.1f} h" for h, lvl, _ in first) or "none declared"
    row("Response level, county HQ (peak; timeline of replicate 0)", "see the list below",
        ("peak " + "/".join(LEVEL[p] for p in peaks) if peaks else "none") + f"; {timeline}")
    for key, name in [("province_level_peak", "Provincial level peak"), ("nation_level_peak", "National earthquake level peak"),
                      ("relief_level_peak", "Relief ladder level peak")]:
        col = column(rows, key)
        vals = sorted({int(v) for v in col if v is not None}) if col is not None else None
        row(name, "see the list below", NYM if col is None else ("/".join(LEVEL[v] for v in vals) or "none"))
    for when in ("2h", "8h", "24h"):
        col = column(rows, f"deaths_known_{when}")
        share, note = o["deaths_known"][when]
        row(f"Deaths known to HQ at {when}, share of final deaths", (f"{share:.2f} ({note})" if share is not None
                                                                    else f"not found ({note})"),
            show(stats(col), 2) if col is not None else NYM, "none", ratio(stats(col) and stats(col)["mean"], share)
            if col is not None and share else "—")
    lines += ["", "Observed response levels:", ""] + [f"- {x}" for x in o["levels"]]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=50, help="replicates per event for the statistics (1–100)")
    ap.add_argument("--event-runs", type=int, default=5, help="replicates whose event logs are read (≤ --runs)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", help="one event id, e.g. luding-2022")
    ap.add_argument("--bin", help="the drillsim binary")
    a = ap.parse_args()
    if not 1 <= a.runs <= 100:
        ap.exit(2, "error: --runs must be 1 to 100\n")
    if not 0 <= a.event_runs <= a.runs:
        ap.exit(2, "error: --event-runs must be 0 to --runs\n")
    events = [e for e in EVENTS if a.only in (None, e["id"])]
    if not events:
        ap.exit(2, f"error: no event {a.only!r}; events: {', '.join(e['id'] for e in EVENTS)}\n")
    if a.bin and not (os.path.isfile(a.bin) and os.access(a.bin, os.X_OK)):
        ap.exit(2, f"error: --bin {a.bin}: not an executable file\n")
    binary = find_binary(a.bin and os.path.abspath(a.bin))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"<!-- python3 scenarios/tools/hindcast.py --runs {a.runs} --event-runs {a.event_runs} --seed {a.seed}"
          f" · commit {commit or '?'} · {os.path.relpath(binary, ROOT)} -->\n")
    for ev in events:
        scenario = os.path.join("scenarios", "hindcast", ev["id"] + ".ron")
        kpis, rows = batch(binary, scenario, a.runs, a.seed)
        evs = event_runs(binary, scenario, ev, a.event_runs, a.seed)
        print(table(ev, kpis, rows, evs, a.runs, a.event_runs))
        print()


if __name__ == "__main__":
    main()
