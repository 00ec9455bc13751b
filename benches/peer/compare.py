#!/usr/bin/env python3
"""Runs drillsim and its SimPy peer on the same inputs; checks mean deaths agree; prints the speed ratio.

For replicates r = 0 .. N-1 of base seed S, with road damage switched off (static roads):

1. `drillsim run SCENARIO --seed S --replicate r --set ... --events F --json` gives drillsim's
   KPIs for that replicate and, in its event log, the inputs: the onset and the lightly and
   heavily trapped people per place.
2. `drillsim batch SCENARIO --seed S --runs N --jobs 1 --set ... --json --csv` gives the same N
   replicates' mean and 95 % CI and times drillsim on one thread (and cross-checks step 1).
3. peer_model.simulate() runs the SimPy peer on each replicate's inputs, with Python's own RNG.
4. Mean deaths while trapped are compared: Welch's t on the two means (the verdict: agree when
   |difference| < 3 combined standard errors) and, since both sides share each replicate's
   inputs, a paired t on the per-replicate differences.

The whole script pins itself (and so drillsim, its child) to one CPU for a fair speed ratio.

    python benches/peer/compare.py                 # N = 100, seed 1, about 30 s
    python benches/peer/compare.py --runs 300 --pick uniform
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import peer_model  # noqa: E402

STATIC_ROADS = [
    # Road damage off: the medians are set to the largest value drillsim accepts (20 g, about 40
    # times the strongest shaking of the county quake) and mountain roads are made no weaker
    # than others, so P(degraded or blocked) < 1e-9 per link. compare.py checks the logs.
    "models.roads.block_median_g=20",
    "models.roads.degrade_median_g=20",
    "models.roads.mountain_susceptibility=1",
]

KPIS = ["deaths_while_trapped", "rescued_by_teams", "rescued_by_locals", "rest_on_arrival"]


# ---- statistics (no scipy) ------------------------------------------------------------------

def _betacf(a, b, x):
    """Continued fraction for the regularised incomplete beta (Numerical Recipes, Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h


def _betainc(a, b, x):
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log(1.0 - x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_two_sided_p(t, df):
    return _betainc(df / 2.0, 0.5, df / (df + t * t))


def t_quantile(p, df):
    """Upper quantile: P(T > q) = 1 - p, by bisection on the two-sided p-value."""
    target = 2.0 * (1.0 - p)
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if t_two_sided_p(mid, df) > target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def summary(xs):
    n = len(xs)
    mean = statistics.fmean(xs)
    sd = statistics.stdev(xs) if n > 1 else 0.0
    half = t_quantile(0.975, n - 1) * sd / math.sqrt(n) if n > 1 else math.inf
    return {"n": n, "mean": mean, "sd": sd, "se": sd / math.sqrt(n), "ci95": (mean - half,
                                                                              mean + half)}


def welch(a, b):
    sa, sb = summary(a), summary(b)
    va, vb = sa["se"] ** 2, sb["se"] ** 2
    se = math.sqrt(va + vb)
    diff = sa["mean"] - sb["mean"]
    t = diff / se if se > 0 else 0.0
    df = (va + vb) ** 2 / ((va ** 2) / (sa["n"] - 1) + (vb ** 2) / (sb["n"] - 1)) if se else 1
    return {"diff": diff, "se": se, "t": t, "df": df, "p": t_two_sided_p(t, df)}


def paired(a, b):
    d = [x - y for x, y in zip(a, b)]
    s = summary(d)
    t = s["mean"] / s["se"] if s["se"] > 0 else 0.0
    return {"diff": s["mean"], "se": s["se"], "t": t, "df": s["n"] - 1,
            "p": t_two_sided_p(t, s["n"] - 1), "ci95": s["ci95"]}


# ---- running both -----------------------------------------------------------------------------

def file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def child_cpu():
    """User + system CPU seconds of finished child processes."""
    t = os.times()
    return t.children_user + t.children_system


def drillsim_cmd(args, *rest):
    cmd = [args.drillsim, *rest, args.scenario, "--seed", str(args.seed)]
    for s in STATIC_ROADS + args.set:
        cmd += ["--set", s]
    return cmd


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=100, help="replicates (default 100)")
    ap.add_argument("--seed", type=int, default=1, help="drillsim base seed (default 1)")
    ap.add_argument("--scenario", default=os.path.join(REPO, "scenarios", "county-quake.ron"))
    ap.add_argument("--drillsim", default=os.path.join(REPO, "target", "release", "drillsim"),
                    help="the drillsim binary (build it with `cargo build --release`)")
    ap.add_argument("--peer-seed", type=int, default=20261129,
                    help="base seed of the peer's Python RNG")
    ap.add_argument("--peer-reps", type=int, default=1,
                    help="peer replicates per drillsim replicate's inputs (default 1)")
    ap.add_argument("--pick", choices=["drillsim", "uniform"], default="drillsim",
                    help="how a peer team picks the victim it frees: drillsim's cyclic scan "
                         "(default) or uniformly among victims of the kind")
    ap.add_argument("--shift-rule", choices=["drillsim", "dispatch"], default="drillsim",
                    help="when a peer team's shift starts: drillsim's rule (first departure, "
                         "then each wake; default) or at every dispatch, as docs/models.md §10 "
                         "describes it")
    ap.add_argument("--shared-routes", action="store_true",
                    help="let the peer keep shortest paths across replicates (static roads) "
                         "instead of recomputing them per replicate as drillsim does")
    ap.add_argument("--timing-repeats", type=int, default=3,
                    help="times to repeat drillsim's batch for timing (best is kept; default 3)")
    ap.add_argument("--cpu", type=int, default=0,
                    help="CPU to pin both to (default 0; -1: do not pin)")
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                    help="extra drillsim override (repeatable); the peer does not see it")
    ap.add_argument("--keep", metavar="DIR", help="keep the event logs and CSV in DIR")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    args = ap.parse_args(argv)

    if args.cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    if not os.access(args.drillsim, os.X_OK):
        sys.exit(f"{args.drillsim} not found: run `cargo build --release` first, or --drillsim")

    # Others rebuild target/release/drillsim while they work: results that mix two builds
    # would be meaningless, so the binary is fingerprinted before and after.
    digest = file_digest(args.drillsim)
    version = subprocess.run([args.drillsim, "--version"], capture_output=True,
                             text=True).stdout.strip()

    workdir = args.keep or tempfile.mkdtemp(prefix="drillsim-peer-")
    os.makedirs(workdir, exist_ok=True)
    n = args.runs

    # 1. drillsim, replicate by replicate: its KPIs and the peer's inputs.
    ds_runs, inputs, run_wall = [], [], []
    for r in range(n):
        events = os.path.join(workdir, f"events-{args.seed}-{r}.jsonl")
        cmd = drillsim_cmd(args, "run") + ["--replicate", str(r), "--events", events, "--json"]
        t0 = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        run_wall.append(time.perf_counter() - t0)
        kpis = json.loads(out)["kpis"]
        inp = peer_model.read_inputs(events)
        kpis["rest_on_arrival"] = inp.rest_on_arrival
        ds_runs.append(kpis)
        if inp.road_changes:
            sys.exit(f"replicate {r}: {inp.road_changes} road changes; the roads are not static")
        inputs.append(inp)
        if not args.keep:
            os.remove(events)

    # 2. drillsim batch on one thread: mean and CI as drillsim reports them, and its speed.
    csv_path = os.path.join(workdir, "batch.csv")
    cmd = drillsim_cmd(args, "batch") + ["--runs", str(n), "--jobs", "1", "--json",
                                         "--csv", csv_path]
    batch_wall, batch_cpu = math.inf, math.inf
    for _ in range(max(1, args.timing_repeats)):
        c0, t0 = child_cpu(), time.perf_counter()
        batch = json.loads(subprocess.run(cmd, check=True, capture_output=True,
                                          text=True).stdout)
        batch_wall = min(batch_wall, time.perf_counter() - t0)
        batch_cpu = min(batch_cpu, child_cpu() - c0)
    with open(csv_path, newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda row: int(row["replicate"]))
    mismatched = [r for r, row in enumerate(rows)
                  if int(row["deaths_while_trapped"]) != ds_runs[r]["deaths_while_trapped"]]
    if not args.keep:
        os.remove(csv_path)
        os.rmdir(workdir)

    if file_digest(args.drillsim) != digest:
        sys.exit(f"{args.drillsim} changed while compare.py ran (rebuilt?): run it again")

    # 3. the SimPy peer on the same inputs.
    t0 = time.perf_counter()
    county = peer_model.load_county(args.scenario)
    setup_s = time.perf_counter() - t0
    peer_runs, peer_wall, peer_cpu = [], [], []
    for r, inp in enumerate(inputs):
        for k in range(args.peer_reps):
            seed = args.peer_seed + 1_000_003 * args.seed + 1009 * r + k
            c0, t0 = time.process_time(), time.perf_counter()
            out = peer_model.simulate(county, inp, seed, args.pick, args.shift_rule,
                                      fresh_routes=not args.shared_routes)
            peer_wall.append(time.perf_counter() - t0)
            peer_cpu.append(time.process_time() - c0)
            peer_runs.append((r, out))

    # 4. compare. First, exactly: the dispatches at the onset depend on the inputs alone (no
    # random draw comes before them), so team, site and ETA must match drillsim's one for one.
    waves = [(inputs[r].first_wave, o["first_wave"]) for r, o in peer_runs]
    wave_same = sum(a == b for a, b in waves)
    ds = {k: [float(x[k]) for x in ds_runs] for k in KPIS}
    py = {k: [float(o[k]) for _, o in peer_runs] for k in KPIS}
    # For the paired test: the peer's mean per drillsim replicate.
    py_by_rep = {k: [statistics.fmean(o[k] for rr, o in peer_runs if rr == r) for r in range(n)]
                 for k in KPIS}
    key = "deaths_while_trapped"
    w = welch(ds[key], py[key])
    pr = paired(ds[key], py_by_rep[key])
    agree = abs(w["diff"]) < 3.0 * w["se"]

    ds_rep_s, ds_rep_cpu = batch_wall / n, batch_cpu / n
    ds_run_s = statistics.median(run_wall)
    py_rep_s, py_rep_cpu = statistics.fmean(peer_wall), statistics.fmean(peer_cpu)
    trapped = statistics.fmean(sum(a + b for _, a, b in i.trapped) for i in inputs)

    def fmt(s):
        return f"{s['mean']:7.1f} ± {s['ci95'][1] - s['mean']:4.1f}  (sd {s['sd']:5.1f})"

    bk = batch["kpis"][key]
    print(f"scenario {os.path.relpath(args.scenario)}, seed {args.seed}, replicates 0..{n - 1}, "
          f"roads static; peer: SimPy {peer_model.simpy.__version__}, pick={args.pick}, "
          f"shift-rule={args.shift_rule}, "
          f"{args.peer_reps} peer run(s) per replicate")
    print(f"drillsim: {args.drillsim} ({version}, sha256 {digest[:12]})")
    print(f"trapped per replicate (shared inputs): {trapped:.1f} mean")
    print()
    print(f"{'KPI (mean ± 95% CI)':24} {'drillsim':>30} {'SimPy peer':>30} {'diff':>8} {'z':>6}")
    for k in KPIS:
        ww = welch(ds[k], py[k])
        print(f"{k:24} {fmt(summary(ds[k])):>30} {fmt(summary(py[k])):>30} "
              f"{ww['diff']:8.1f} {ww['t']:6.2f}")
    print()
    print(f"first dispatch wave (team, site, ETA at the onset) identical in {wave_same} of "
          f"{len(waves)} runs (drillsim {statistics.fmean(len(a) for a, _ in waves):.0f}, peer "
          f"{statistics.fmean(len(b) for _, b in waves):.0f} dispatches at the onset, mean)")
    print(f"drillsim batch --json: {key} mean {bk['mean']:.1f}, CI95 [{bk['ci95'][0]:.1f}, "
          f"{bk['ci95'][1]:.1f}]" + ("" if not mismatched else
                                     f"  (differs from `run` in {len(mismatched)} replicates!)"))
    print(f"Welch: diff {w['diff']:+.1f} ± {w['se']:.1f} (SE), t = {w['t']:.2f}, "
          f"df = {w['df']:.0f}, p = {w['p']:.3f}")
    print(f"paired on the shared inputs: diff {pr['diff']:+.1f}, CI95 [{pr['ci95'][0]:+.1f}, "
          f"{pr['ci95'][1]:+.1f}], t = {pr['t']:.2f}, p = {pr['p']:.3f}")
    verdict = "AGREE" if agree else "DISAGREE"
    note = ""
    if agree and pr["p"] < 0.01:
        note = (f"; but the paired test finds a difference (p = {pr['p']:.3f}): look at the "
                f"diagnostics above")
    print(f"verdict: {verdict} (|diff| {'<' if agree else '>='} 3 × combined SE = "
          f"{3 * w['se']:.1f}){note}")
    print()
    pin = f"CPU {args.cpu}" if args.cpu >= 0 else "unpinned"
    print(f"speed ({pin}; per replicate, CPU time and wall time):")
    print(f"  drillsim batch --jobs 1   {ds_rep_cpu * 1e3:7.1f} ms CPU {ds_rep_s * 1e3:7.1f} ms wall"
          f"  (best of {max(1, args.timing_repeats)}; full model: quake, roads, ambulances, "
          f"hospitals; load once)")
    print(f"  drillsim run (a process)                {ds_run_s * 1e3:7.1f} ms wall"
          f"  (median; start, load, event log)")
    print(f"  SimPy peer                {py_rep_cpu * 1e3:7.1f} ms CPU {py_rep_s * 1e3:7.1f} ms wall"
          f"  (mean; rescue phase only; routes "
          f"{'shared' if args.shared_routes else 'per replicate'}; +{setup_s * 1e3:.0f} ms once "
          f"to read the RON)")
    ratio = py_rep_cpu / ds_rep_cpu
    print(f"  speed ratio (CPU): drillsim is {ratio:.1f}× faster per replicate than the SimPy "
          f"peer (wall: {py_rep_s / ds_rep_s:.1f}×)")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({
                "runs": n, "seed": args.seed, "drillsim_sha256": digest, "pick": args.pick,
                "peer_reps": args.peer_reps,
                "drillsim": {k: summary(ds[k]) for k in KPIS},
                "peer": {k: summary(py[k]) for k in KPIS},
                "drillsim_batch": bk, "welch": w, "paired": pr, "agree": agree,
                "first_wave_identical": wave_same, "first_wave_runs": len(waves),
                "shift_rule": args.shift_rule, "shared_routes": args.shared_routes,
                "ms_per_replicate": {"drillsim_batch_jobs1_cpu": ds_rep_cpu * 1e3,
                                     "drillsim_batch_jobs1_wall": ds_rep_s * 1e3,
                                     "drillsim_run_process_wall": ds_run_s * 1e3,
                                     "peer_cpu": py_rep_cpu * 1e3,
                                     "peer_wall": py_rep_s * 1e3},
                "speed_ratio_cpu": ratio,
                "speed_ratio_wall": py_rep_s / ds_rep_s,
            }, f, indent=2)
    if mismatched:
        print(f"error: `drillsim batch` and `drillsim run --replicate` differ in "
              f"{len(mismatched)} replicates: the inputs are not the batch's replicates",
              file=sys.stderr)
        return 2
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
