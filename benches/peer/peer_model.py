#!/usr/bin/env python3
"""The county's rescue phase as an analyst would write it in SimPy: the peer of drillsim.

Reduced model (see README.md): the quake has already happened. Given, per place, how many people
are lightly and heavily trapped and when (the onset), it simulates

* each trapped person's death time on the Weibull survival curve S(t) = exp(-(t/lambda)^k);
* neighbours freeing lightly trapped people (share 0.80 basic / 0.92 demonstration places,
  exponential delay, mean 90 min); heavily trapped people are never freed by neighbours;
* the teams with an Extrication capability, dispatched by the NearestCapable doctrine with
  spread-first rounds (at most `max_teams_per_site` per site), paying mobilisation once,
  travelling over the county road graph (Dijkstra on length / class factor; minutes =
  ceil(km / speed * 60); aviation flies straight), freeing victims at their extrication rate
  (heavily trapped) or rate x light_speedup (lightly trapped), and resting after their shift.

Roads are static (the comparison runs drillsim with road damage switched off). Ambulances,
hospitals, road clearing and the quake itself are not part of the peer: drillsim's event log
provides the trapped counts per place.

Time runs in minutes. Like drillsim, which steps in 1-minute ticks, events that fall within one
minute are ordered: deaths and neighbours' rescues (phase 0.1), then the dispatch doctrine (0.2),
then teams arriving, working and resting (0.3). That ordering is what makes the peer's small
timing rules (a team frees a victim whose death falls in the same minute; a team that becomes free
is dispatched a minute later) the same as drillsim's.

Usage (standalone, one replicate from a drillsim event log):

    python peer_model.py scenarios/county-quake.ron --events run.jsonl [--seed 1] [--reps 10]

Randomness is Python's own (random.Random): runs are comparable with drillsim only in
distribution, never draw by draw.
"""

from __future__ import annotations

import argparse
import heapq
import json
import math
import os
import random
import re
import sys
from dataclasses import dataclass, field

import simpy

# --------------------------------------------------------------------------------------------
# A tiny RON-subset reader: enough for drillsim's scenario files.
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/|\#!\[[^\]]*\])     # blanks, comments, #![enable(...)]
  | (?P<str>"(?:[^"\\]|\\.)*")
  | (?P<num>[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>[()\[\]{}:,])
    """,
    re.VERBOSE | re.DOTALL,
)


class RonError(ValueError):
    pass


def _tokens(text: str):
    pos = 0
    out = []
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise RonError(f"cannot read RON at offset {pos}: {text[pos:pos + 30]!r}")
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        out.append((kind, m.group()))
    return out


class _Parser:
    def __init__(self, text: str):
        self.toks = _tokens(text)
        self.i = 0

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else (None, None)

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise RonError(f"expected {value!r}, found {tok[1]!r}")
        self.i += 1
        return tok

    def value(self):
        kind, text = self.peek()
        if kind == "str":
            self.take()
            return json.loads(text)
        if kind == "num":
            self.take()
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "ident":
            self.take()
            if self.peek()[1] == "(":
                return self.paren(text)
            return {"true": True, "false": False, "None": None}.get(text, text)
        if text == "(":
            return self.paren(None)
        if text == "[":
            self.take("[")
            items = []
            while self.peek()[1] != "]":
                items.append(self.value())
                if self.peek()[1] == ",":
                    self.take()
            self.take("]")
            return items
        if text == "{":
            self.take("{")
            items = {}
            while self.peek()[1] != "}":
                key = self.value()
                self.take(":")
                items[key] = self.value()
                if self.peek()[1] == ",":
                    self.take()
            self.take("}")
            return items
        raise RonError(f"unexpected {text!r}")

    def paren(self, name):
        """`Name(field: v, ...)` gives a dict (with `_type`), `Name(v, ...)` a tuple/newtype."""
        self.take("(")
        if self.peek()[0] == "ident" and self.peek(1)[1] == ":":
            out = {"_type": name} if name else {}
            while self.peek()[1] != ")":
                key = self.take()[1]
                self.take(":")
                out[key] = self.value()
                if self.peek()[1] == ",":
                    self.take()
            self.take(")")
            return out
        items = []
        while self.peek()[1] != ")":
            items.append(self.value())
            if self.peek()[1] == ",":
                self.take()
        self.take(")")
        if name == "Some" and len(items) == 1:
            return items[0]
        return {"_type": name, "_items": items} if name else tuple(items)


def read_ron(path: str):
    with open(path, encoding="utf-8") as f:
        parser = _Parser(f.read())
    value = parser.value()
    if parser.peek()[0] is not None:
        raise RonError(f"{path}: trailing text after the value")
    return value


def minutes(text) -> int:
    """drillsim durations: "90m", "6h", "3d", "1d6h"."""
    if isinstance(text, (int, float)):
        return int(text)
    total, digits = 0, ""
    for ch in text.strip():
        if ch.isdigit():
            digits += ch
        else:
            total += int(digits) * {"m": 1, "h": 60, "d": 1440}[ch]
            digits = ""
    if digits:
        raise RonError(f"duration {text!r} lacks a unit")
    return total


# --------------------------------------------------------------------------------------------
# The county: places, roads, teams, plan and the model parameters the peer uses.
# --------------------------------------------------------------------------------------------

# drillsim's defaults (docs/models.md §7, §9, §10; src/scenario/spec/models.rs).
DEFAULTS = {
    "shape": 1.1,
    "scale_days": 2.2,
    "freed_share_basic": 0.80,
    "freed_share_demonstration": 0.92,
    "mean_time_min": 90,
    "light_speedup": 4.0,
    "class_speed_factor": {"Expressway": 1.6, "National": 1.2, "Provincial": 1.0,
                           "County": 0.9, "Village": 0.6},
    "max_teams_per_site": 3,
    "reserve_share": 0.0,
}


@dataclass
class TeamSpec:
    index: int          # position among *all* scenario teams (the doctrine's tie-break order)
    id: str
    base: int
    speed_kmh: float
    aviation: bool
    rate: float         # Extrication: heavily trapped victims per hour
    mobilisation: int
    shift: int
    rest: int
    reserve: bool


@dataclass
class County:
    place_ids: list
    place_index: dict
    xy: list
    demonstration: list
    adjacency: list     # per place: [(neighbour, effective km)]
    teams: list         # TeamSpec, Extrication-capable only, in scenario order
    duration: int
    params: dict
    _dist: dict = field(default_factory=dict)

    def road_km(self, source: int) -> list:
        """Effective km (length / class factor) from `source` to every place: Dijkstra."""
        tree = self._dist.get(source)
        if tree is None:
            tree = [math.inf] * len(self.place_ids)
            tree[source] = 0.0
            heap = [(0.0, source)]
            while heap:
                d, node = heapq.heappop(heap)
                if d > tree[node]:
                    continue
                for nxt, cost in self.adjacency[node]:
                    cand = d + cost
                    if cand < tree[nxt]:
                        tree[nxt] = cand
                        heapq.heappush(heap, (cand, nxt))
            self._dist[source] = tree
        return tree

    def travel_minutes(self, team: TeamSpec, a: int, b: int):
        if team.aviation:
            (ax, ay), (bx, by) = self.xy[a], self.xy[b]
            km = math.sqrt((ax - bx) * (ax - bx) + (ay - by) * (ay - by))
        else:
            km = self.road_km(a)[b]
            if not math.isfinite(km):
                return None
        return math.ceil(km / team.speed_kmh * 60.0)


def load_county(scenario_path: str) -> County:
    root = read_ron(scenario_path)
    if root.get("_type") != "Scenario":
        raise RonError(f"{scenario_path} is not a Scenario(...)")
    parts = {}
    for inc in root.get("include", []):
        value = read_ron(os.path.join(os.path.dirname(scenario_path), inc))
        parts[value.get("_type")] = value
    region = root.get("region") or parts["Region"]
    forces = root.get("forces") or parts["Forces"]
    plan = root.get("plan") or parts.get("Plan") or {}
    params = dict(DEFAULTS)
    params["class_speed_factor"] = dict(DEFAULTS["class_speed_factor"])
    models = root.get("models") or parts.get("Models") or {}
    surv = models.get("survival") or {}
    params["shape"] = surv.get("shape", params["shape"])
    params["scale_days"] = surv.get("scale_days", params["scale_days"])
    local = models.get("local_rescue") or {}
    for key in ("freed_share_basic", "freed_share_demonstration", "light_speedup"):
        params[key] = local.get(key, params[key])
    if "mean_time" in local:
        params["mean_time_min"] = minutes(local["mean_time"])
    roads_model = models.get("roads") or {}
    if "class_speed_factor" in roads_model:
        params["class_speed_factor"] = dict(zip(
            ["Expressway", "National", "Provincial", "County", "Village"],
            roads_model["class_speed_factor"]))
    dispatch = plan.get("dispatch") or {}
    rule = dispatch.get("rule", "NearestCapable")
    if rule != "NearestCapable":
        raise RonError(f"the peer implements NearestCapable only, the plan says {rule}")
    params["max_teams_per_site"] = dispatch.get("max_teams_per_site", params["max_teams_per_site"])
    params["reserve_share"] = dispatch.get("reserve_share", params["reserve_share"])
    if dispatch.get("priorities", ["Rescue"])[0] != "Rescue":
        raise RonError("the peer needs Rescue first in plan.dispatch.priorities")

    places = region["places"]
    place_ids = [p["id"] for p in places]
    place_index = {pid: i for i, pid in enumerate(place_ids)}
    xy = [(float(p["x_km"]), float(p["y_km"])) for p in places]
    demonstration = [p.get("preparedness") == "Demonstration" for p in places]
    adjacency = [[] for _ in places]
    for road in region.get("roads", []):
        a, b = place_index[road["from"]], place_index[road["to"]]
        eff = float(road["length_km"]) / params["class_speed_factor"][road["class"]]
        adjacency[a].append((b, eff))
        adjacency[b].append((a, eff))

    all_teams = forces["teams"]
    n = len(all_teams)
    reserve_from = n - round(params["reserve_share"] * n)
    teams = []
    for i, t in enumerate(all_teams):
        rate = next((c["rate"] for c in t.get("capabilities", [])
                     if c.get("kind") == "Extrication"), None)
        if rate is None or rate <= 0:
            continue
        shift = minutes(t["shift"])
        teams.append(TeamSpec(
            index=i, id=t["id"], base=place_index[t["base"]], speed_kmh=float(t["speed_kmh"]),
            aviation=t.get("kind") == "Aviation", rate=float(rate),
            mobilisation=minutes(t.get("mobilisation", "0m")), shift=shift,
            rest=minutes(t["rest"]) if "rest" in t else shift, reserve=i >= reserve_from))
    return County(place_ids, place_index, xy, demonstration, adjacency, teams,
                  minutes(root["duration"]), params)


# --------------------------------------------------------------------------------------------
# Inputs: the trapped people of one replicate, from drillsim's event log.
# --------------------------------------------------------------------------------------------

@dataclass
class Inputs:
    onset: int
    hazard: str         # the quake's id: rescue sites are "<place>/<hazard>"
    trapped: list       # [(place id, light, heavy)] in log order
    road_changes: int   # must be 0: the peer's roads are static
    rest_on_arrival: int  # drillsim's trips that ended in rest at once (a diagnostic, not input)
    first_wave: list    # drillsim's dispatches at the onset: [(minute, team, site, eta)]


def read_inputs(events_path: str) -> Inputs:
    onset, hazard, trapped, road_changes, rest_on_arrival, arrived = None, "", [], 0, 0, {}
    first_wave = []
    with open(events_path, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            kind = e["kind"]
            if kind == "team_arrived":
                arrived[e["team"]] = e["t"]
            elif kind == "team_resting" and arrived.get(e["team"]) == e["t"]:
                rest_on_arrival += 1
            if kind == "earthquake_struck":
                if onset is not None:
                    raise ValueError("the peer handles one quake per run")
                onset, hazard = e["t"], e["hazard"]
            elif kind == "place_damaged":
                if e["trapped_light"] or e["trapped_heavy"]:
                    trapped.append((e["place"], e["trapped_light"], e["trapped_heavy"]))
            elif kind == "road_changed":
                road_changes += 1
            elif kind == "team_dispatched" and e["t"] == onset:
                first_wave.append((e["t"], e["team"], e["task"].split(" ", 1)[-1], e["eta_min"]))
    if onset is None:
        raise ValueError(f"{events_path}: no earthquake_struck event")
    return Inputs(onset, hazard, trapped, road_changes, rest_on_arrival, first_wave)


# --------------------------------------------------------------------------------------------
# The SimPy model.
# --------------------------------------------------------------------------------------------

SETTLE, DOCTRINE, WORK = 0.1, 0.2, 0.3   # order of things within one minute


class Victim:
    __slots__ = ("death_at", "local_free_at", "heavy", "trapped")

    def __init__(self, death_at, local_free_at, heavy):
        self.death_at = death_at
        self.local_free_at = local_free_at
        self.heavy = heavy
        self.trapped = True

    @property
    def resolves_at(self):
        return min(self.death_at, self.local_free_at)


class Site:
    def __init__(self, env, sid, place, victims):
        self.id = sid
        self.place = place
        self.victims = victims          # still trapped, sorted by (resolves_at, death_at)
        self.heavy_remaining = sum(v.heavy for v in victims)
        self.teams_assigned = 0
        self.closed = False
        self.closed_event = env.event()

    @property
    def remaining(self):
        return len(self.victims)


class Response:
    """One replicate: victims, sites, teams and the dispatcher."""

    def __init__(self, county: County, inputs: Inputs, rng: random.Random, pick="drillsim",
                 shift_rule="drillsim"):
        self.county, self.rng, self.pick, self.shift_rule = county, rng, pick, shift_rule
        self.p = county.params
        self.env = simpy.Environment()
        self.deaths = 0
        self.freed_by_neighbours = 0
        self.freed_by_teams = 0
        self.rest_on_arrival = 0    # trips that end in rest at once: the shift ran out en route
        self.sites = []
        self.dispatches = []        # (minute, team id, site id, eta): for checking against drillsim
        self._review_at = None
        self.teams = [TeamProc(self, spec) for spec in county.teams]
        self.env.process(self._quake(inputs))

    # -- the disaster ------------------------------------------------------------------------

    def _quake(self, inputs: Inputs):
        env, p, rng = self.env, self.p, self.rng
        yield env.timeout(inputs.onset)
        onset = inputs.onset
        scale = p["scale_days"] * 1440.0
        mean_delay = max(1, p["mean_time_min"])
        for place_id, light, heavy in inputs.trapped:
            place = self.county.place_index[place_id]
            share = (p["freed_share_demonstration"] if self.county.demonstration[place]
                     else p["freed_share_basic"])
            victims = []
            for i in range(light + heavy):
                is_heavy = i < heavy
                death_at = onset + int(rng.weibullvariate(scale, p["shape"])) + 1
                local = math.inf
                if not is_heavy and rng.random() < share:
                    local = onset + int(rng.expovariate(1.0 / mean_delay)) + 1
                victims.append(Victim(death_at, local, is_heavy))
            victims.sort(key=lambda v: (v.resolves_at, v.death_at))
            site = Site(env, f"{place_id}/{inputs.hazard}", place, victims)
            self.sites.append(site)
            for v in victims:
                env.process(self._trapped(site, v))
        self.request_review()

    def _trapped(self, site: Site, v: Victim):
        """A trapped person: dies, or is freed by neighbours, unless a team gets there first."""
        yield self.env.timeout(v.resolves_at + SETTLE - self.env.now)
        if not v.trapped:
            return
        v.trapped = False
        site.victims.remove(v)
        if v.heavy:
            site.heavy_remaining -= 1
        if v.local_free_at < v.death_at:
            self.freed_by_neighbours += 1
        else:
            self.deaths += 1
        if site.remaining == 0:
            self.close(site)
            self.request_review()

    def close(self, site: Site):
        if not site.closed:
            site.closed = True
            site.closed_event.succeed()

    # -- the doctrine ------------------------------------------------------------------------

    def request_review(self):
        """Something changed: run the doctrine at the next doctrine phase."""
        now = self.env.now
        minute = math.floor(now)
        at = minute + DOCTRINE if now - minute < DOCTRINE else minute + 1 + DOCTRINE
        if self._review_at is not None and self._review_at <= at:
            return
        self._review_at = at
        self.env.process(self._review(at))

    def _review(self, at):
        yield self.env.timeout(at - self.env.now)
        if self._review_at != at:
            return
        self._review_at = None
        self.dispatch(math.floor(at))

    def dispatch(self, now: int):
        """NearestCapable, spread-first rounds, Rescue only (roads are never blocked)."""
        available = [t for t in self.teams if t.available and not t.spec.reserve]
        if not available:
            return
        cap = self.p["max_teams_per_site"]
        needs = [s for s in self.sites
                 if not s.closed and s.remaining > 0 and s.teams_assigned < cap]
        needs.sort(key=lambda s: (-s.heavy_remaining, -s.remaining, s.id))
        assigned = [s.teams_assigned for s in needs]
        for rnd in range(cap):
            for k, site in enumerate(needs):
                if assigned[k] != rnd or not available:
                    continue
                best, best_delay = None, None
                for slot, team in enumerate(available):
                    delay = team.arrival_delay(site.place)
                    if delay is not None and (best_delay is None or delay < best_delay):
                        best, best_delay = slot, delay
                if best is None:
                    continue
                available.pop(best).assign(site, now)
                assigned[k] += 1


class TeamProc:
    def __init__(self, response: Response, spec: TeamSpec):
        self.r, self.spec = response, spec
        self.env = response.env
        self.location = spec.base
        self.mobilised = False
        self.shift_start = 0
        self.available = True
        self._orders = self.env.event()
        self.env.process(self.run())

    def arrival_delay(self, place):
        travel = self.r.county.travel_minutes(self.spec, self.location, place)
        if travel is None:
            return None
        return travel + (0 if self.mobilised else self.spec.mobilisation)

    def assign(self, site: Site, now: int):
        spec = self.spec
        travel = self.r.county.travel_minutes(spec, self.location, site.place)
        depart = now if self.mobilised else now + spec.mobilisation
        if not self.mobilised or self.r.shift_rule == "dispatch":
            # drillsim: the shift starts when the team first leaves base; later shifts start
            # after rest. "dispatch": every dispatch starts a fresh shift (docs/models.md §10).
            self.mobilised = True
            self.shift_start = depart
        self.location = site.place
        self.available = False
        site.teams_assigned += 1
        self.r.dispatches.append((now, spec.id, site.id, depart + travel - now))
        orders, self._orders = self._orders, self.env.event()
        orders.succeed((site, depart + travel))

    def run(self):
        env, spec, rng, r = self.env, self.spec, self.r.rng, self.r
        speedup = r.p["light_speedup"]

        def draw(site):
            # The next victim is heavily trapped in proportion to those left.
            heavy = rng.randrange(site.remaining) < site.heavy_remaining
            return heavy, 60.0 / (spec.rate if heavy else spec.rate * speedup)

        while True:
            site, arrive = yield self._orders
            yield env.timeout(arrive + WORK - env.now)        # mobilise, then travel
            tick = arrive               # the minute about to be worked
            progress, cost, heavy = 0.0, None, False
            while True:
                shift_end = self.shift_start + spec.shift
                if tick >= shift_end:
                    # Shift over (checked before any work, on arrival too): rest where it stands.
                    if env.now < tick + WORK:
                        yield env.timeout(tick + WORK - env.now)
                    site.teams_assigned -= 1
                    r.request_review()
                    r.rest_on_arrival += tick == arrive
                    until = tick + spec.rest
                    yield env.timeout(until + WORK - env.now)
                    self.shift_start = until
                    self.available = True
                    r.request_review()
                    break
                if site.closed or site.remaining == 0:
                    r.close(site)                               # nobody left: free again
                    site.teams_assigned -= 1
                    self.available = True
                    r.request_review()
                    break
                if cost is None:
                    heavy, cost = draw(site)
                # Work banks one minute per minute, this one included: the victim is out at
                # the end of minute `done`.
                done = tick - 1 + math.ceil(cost - progress)
                # drillsim checks the shift before working a minute: nobody is freed in the
                # minute the shift ends.
                wake_tick = done if done < shift_end else shift_end
                wake = env.timeout(wake_tick + WORK - env.now)
                yield wake | site.closed_event
                if site.closed or site.remaining == 0:
                    # Everyone left died or was freed by others: the team notices this minute.
                    tick = math.floor(env.now)
                    if env.now < tick + WORK:
                        yield env.timeout(tick + WORK - env.now)
                    progress, cost = 0.0, None                  # (drillsim drops the work too)
                    continue
                if wake_tick != done:                           # shift over before this victim
                    tick, progress, cost = shift_end, 0.0, None
                    continue
                progress += done - tick + 1 - cost
                self.free_one(site, heavy)
                if site.remaining == 0:                         # the last one: free again
                    r.close(site)
                    site.teams_assigned -= 1
                    self.available = True
                    r.request_review()
                    break
                heavy, cost = draw(site)
                tick = done + 1     # (progress < cost: one minute is less than any victim)

    def free_one(self, site: Site, heavy: bool):
        victims, rng = site.victims, self.r.rng
        if self.r.pick == "drillsim":
            # drillsim: draw an index uniformly, take the first victim of the kind from there on,
            # cyclically, in the site's list (sorted by the moment fate settles them).
            n = len(victims)
            first = rng.randrange(n)
            pick = next((victims[(first + o) % n] for o in range(n)
                         if victims[(first + o) % n].heavy == heavy), victims[first])
        else:
            kind = [v for v in victims if v.heavy == heavy]
            pick = rng.choice(kind or victims)
        victims.remove(pick)
        pick.trapped = False
        if pick.heavy:
            site.heavy_remaining -= 1
        self.r.freed_by_teams += 1


def simulate(county: County, inputs: Inputs, seed: int, pick="drillsim",
             shift_rule="drillsim", fresh_routes=True) -> dict:
    """Runs one replicate; returns its counts. With `fresh_routes`, shortest paths are
    recomputed in each replicate, as each drillsim run does; without, they are kept from earlier
    replicates (the roads are static), as an analyst might."""
    if fresh_routes:
        county._dist = {}
    response = Response(county, inputs, random.Random(seed), pick, shift_rule)
    response.env.run(until=county.duration)
    trapped = sum(light + heavy for _, light, heavy in inputs.trapped)
    return {
        "deaths_while_trapped": response.deaths,
        "rescued_by_teams": response.freed_by_teams,
        "rescued_by_locals": response.freed_by_neighbours,
        "trapped_total": trapped,
        "still_trapped": sum(s.remaining for s in response.sites),
        "rest_on_arrival": response.rest_on_arrival,
        "first_wave": [d for d in response.dispatches if d[0] == inputs.onset],
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", help="the drillsim scenario (Scenario(...) RON file)")
    ap.add_argument("--events", required=True,
                    help="drillsim's JSON Lines event log of the replicate (the inputs)")
    ap.add_argument("--seed", type=int, default=1, help="Python RNG seed")
    ap.add_argument("--reps", type=int, default=1, help="replicates on these inputs")
    ap.add_argument("--pick", choices=["drillsim", "uniform"], default="drillsim",
                    help="how a team picks the victim it frees (see README)")
    ap.add_argument("--shift-rule", choices=["drillsim", "dispatch"], default="drillsim",
                    help="when a shift starts (see README)")
    args = ap.parse_args(argv)
    county = load_county(args.scenario)
    inputs = read_inputs(args.events)
    if inputs.road_changes:
        print(f"warning: {inputs.road_changes} road changes in the log; the peer's roads are "
              "static", file=sys.stderr)
    for rep in range(args.reps):
        out = simulate(county, inputs, args.seed + rep, args.pick, args.shift_rule)
        print(json.dumps({"seed": args.seed + rep, **out}))


if __name__ == "__main__":
    main()
