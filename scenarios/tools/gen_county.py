#!/usr/bin/env python3
"""Generate the reference county scenario of drillsim (示范县, a mountainous county in central Sichuan).

Run from anywhere:  python3 scenarios/tools/gen_county.py
It rewrites, deterministically (fixed seed, standard library only):

    scenarios/county/region.ron          Region: 1 county seat, 20 towns, 200 villages, ~290 roads
    scenarios/county/facilities.ron      Facilities: hospitals, health centres, shelters, depots,
                                         hazardous sites, helipads, comms towers
    scenarios/county/forces.ron          Forces: 100 response teams of all six kinds
    scenarios/county/organisation.ron    Organisation: county HQ, 4 specialised HQs, 20 town and
                                         200 village commands
    scenarios/county/hazards-quake.ron   Hazards: an M6.8 mainshock in the mountainous west
    scenarios/plans/county-default.ron   Plan: nearest capable team, rescue before road clearing
    scenarios/plans/do-nothing.ron       Plan: no automatic dispatch (baseline)
    scenarios/county-quake.ron           Scenario: the above put together, 72 h from 01:20

This is the "county" reference workload of DESIGN.md §7 (≈ 20 towns, 200 villages, 500 000 people,
100 teams). It is synthetic: no real county is described, but its figures are chosen to be typical.
gen_prefecture.py builds the "prefecture" workload (ten such counties) with this file's `build_region`,
giving it a `CountyLayout` per county; the defaults of `CountyLayout` are this county's, so the files
written here do not change.

Where the figures come from
---------------------------
* Size and shape: ≈ 60 km × 50 km (3 000 km²), mountains in the west (Longmenshan-type relief, villages
  strung along river valleys), hills and plain in the east where the county seat lies — the layout of
  Lushan, Baoxing or Wenchuan counties on the western rim of the Sichuan basin.
* Population: 500 000 in all, ≈ 170 people/km², of which 150 000 in the county seat, 4 000–15 000 in
  each town seat (larger near the seat) and 800–2 600 per village (administrative villages after the
  2019–2020 merger reform); mountain towns and villages are smaller. Typical of counties of Ya'an and
  Aba prefectures and of the basin rim (Lushan ≈ 120 000 people on 1 190 km²; Wenchuan reports 2008).
* Housing (shares of residents by vulnerability class, ids from `default_fragility()` in
  src/scenario/spec/models.rs, curves in DOMAIN.md §2): villages mostly unreinforced brick/stone masonry
  (pre-code or low-code), some timber houses in the mountains; post-2013 reconstruction in
  demonstration villages shows as a higher low-code share. Towns mix low-code masonry and low-rise
  concrete frames; the county seat is mostly concrete frames and shear-wall blocks. Proportions follow
  the building-damage surveys of Wenchuan 2008 (Ms 8.0) and Lushan 2013 (Ms 7.0).
* About 15 % of villages are demonstration disaster-reduction communities (综合减灾示范社区).
* Roads: every town linked to the seat by a national (≥ 20 km straight-line) or provincial road,
  8 extra county roads between neighbouring towns for redundancy, every village linked to its town and
  ≈ 30 % of villages to a neighbouring village. Road length = 1.2–1.3 × straight-line distance in the
  hills, 1.3–1.4 × in the mountains (winding roads). Roads touching the west half are tagged Mountain.
* Facilities: three county hospitals (beds 600/250/150 free for casualties, ambulances 12/6/4),
  8 township health centres (卫生院, 15–40 beds, 1–2 ambulances), shelters in school grounds and parks,
  one county relief depot and four town stores, one chemical plant and one mine, four helipads, one
  comms tower per town.
* Forces: the emergency forces a county of this size can call on (China's 综合/专业/社会 rescue forces,
  aviation, the army and cross-region reinforcement): 12 comprehensive fire-rescue teams, 18
  professional (medical, engineering, mine rescue), 40 social/volunteer, 2 aviation, 10 military and
  18 mutual-aid teams from six neighbouring counties. Work rates are DOMAIN.md §1 assumptions
  (a team needs 2–6 team-hours per heavily trapped victim, i.e. 0.17–0.5 victims/h).
* Hazard: an Ms 6.8 mainshock at 14 km depth under the mountainous west at 01:30 local time
  (the run starts 01:20), a night-time quake that finds most people indoors.
"""

import math
import os
import random

SEED = 20130420  # Lushan earthquake date; any fixed value keeps the output stable
TARGET_POPULATION = 500_000
SEAT_POPULATION = 150_000
WIDTH_KM, HEIGHT_KM = 60.0, 50.0
WEST_EDGE_KM = 30.0  # x below this is the mountainous west half
SEAT_XY = (44.0, 24.0)
COUNTY_NAME = "示范县"

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = os.path.dirname(HERE)

# Every generated file enables these RON extensions itself, so it reads the same whatever options the
# loader passes: parts are written `Region(name: …)`, `Earthquake(id: …)`, and optional values plainly.
RON_HEADER = "#![enable(unwrap_variant_newtypes, implicit_some)]\n"

TOWN_NAMES = [
    "青山镇", "龙溪镇", "白石镇", "云峰镇", "双河镇", "金坪镇", "太和镇", "凤鸣镇", "石门镇", "清溪镇",
    "宝兴镇", "新桥镇", "柏林镇", "玉泉镇", "高庙镇", "黄土镇", "三江镇", "花园镇", "安乐镇", "永兴镇",
]
VILLAGE_FIRST = ["石", "龙", "凤", "金", "银", "黄", "白", "红", "青", "马", "牛", "鹿", "桃", "李",
                 "杏", "竹", "松", "柏", "梨", "茶", "柳", "杨", "枫", "瓦", "新", "长", "大", "小"]
VILLAGE_SECOND = ["坪", "沟", "湾", "坝", "岗", "岩", "坡", "溪", "河", "林", "山", "桥", "塘", "园",
                  "庄", "岭", "田", "口"]
NEIGHBOUR_COUNTIES = ["甲县", "乙县", "丙县", "丁县", "戊县", "己县"]


# ----------------------------------------------------------------------------------------------------
# RON writing helpers
# ----------------------------------------------------------------------------------------------------

def s(text):
    """A RON string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def f(x, digits=1):
    """A RON float literal (always with a decimal point)."""
    text = f"{x:.{digits}f}"
    return text if "." in text else text + ".0"


def dur(minutes):
    """A drillsim duration string: "45m", "2h", "2h30m"."""
    h, m = divmod(int(minutes), 60)
    out = (f"{h}h" if h else "") + (f"{m}m" if m else "")
    return s(out or "0m")


def tags(ts):
    return "[" + ", ".join(ts) + "]"


def write(relpath, header_lines, body):
    path = os.path.join(SCENARIOS, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    head = "".join(f"// {line}\n" if line else "//\n" for line in header_lines)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(head + RON_HEADER + "\n" + body)
    print(f"wrote scenarios/{relpath}")


GENERATED = "Generated by scenarios/tools/gen_county.py — do not edit by hand; change the generator and rerun it."


# ----------------------------------------------------------------------------------------------------
# Region
# ----------------------------------------------------------------------------------------------------

def dist(a, b):
    return math.hypot(a[0] - b[0], a[1] - b[1])


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def housing_shares(rng, kind, west, demo):
    """Integer percentages by class, in a fixed order, summing to 100 and to exactly 1.0 as floats."""
    if kind == "county":
        pct = [("urm_lowcode", 15), ("rc_frame_lowcode", 45), ("shear_wall_modcode", 40)]
    elif kind == "town":
        pre = rng.randint(4, 12) if west else rng.randint(2, 8)
        low = rng.randint(38, 52) if west else rng.randint(30, 44)
        pct = [("urm_precode", pre), ("urm_lowcode", low), ("rc_frame_lowcode", 100 - pre - low)]
    else:
        if west:
            wood, low = rng.randint(5, 15), rng.randint(25, 38)
        else:
            wood, low = rng.randint(2, 6), rng.randint(38, 52)
        if demo:  # post-2013 reconstruction: masonry rebuilt to a (low) code
            low += 12
        pct = [("urm_precode", 100 - low - wood), ("urm_lowcode", low), ("wood_highcode", wood)]
    # Make the float sum exact (the loader checks that shares sum to 1): nudge a point between the
    # first two classes until it is.
    for _ in range(20):
        total = 0.0
        for _, p in pct:
            total += p / 100
        if total == 1.0:
            break
        (c0, p0), (c1, p1) = pct[0], pct[1]
        pct[0], pct[1] = (c0, p0 - 1), (c1, p1 + 1)
    else:
        raise SystemExit(f"could not make housing shares sum to exactly 1.0: {pct}")
    assert sum(p for _, p in pct) == 100 and all(p > 0 for _, p in pct), pct
    return pct


def spread_populations(rng, weights, lo, hi, total):
    """Populations in [lo, hi] from weights in (0, 1), bent by a power p so they sum to `total`."""
    def sum_for(p):
        return sum(lo + (hi - lo) * w ** p for w in weights)
    a, b = 0.05, 20.0
    assert sum_for(b) < total < sum_for(a), (sum_for(a), sum_for(b), total)
    for _ in range(100):
        mid = (a + b) / 2
        if sum_for(mid) > total:
            a = mid
        else:
            b = mid
    p = (a + b) / 2
    pops = [int(round((lo + (hi - lo) * w ** p) / 10.0)) * 10 for w in weights]
    return pops


class CountyLayout:
    """What `build_region` needs to lay out one county. The defaults are the reference county's.

    gen_prefecture.py builds its ten counties with other values: a different size, seat, terrain split
    (west_edge_km = width_km makes the whole county mountainous, 0 makes none of it), populations and
    town names. Coordinates are local to the county, 0…width_km × 0…height_km.
    """

    def __init__(self, name=COUNTY_NAME, width_km=WIDTH_KM, height_km=HEIGHT_KM, west_edge_km=WEST_EDGE_KM,
                 hilly_edge_km=45.0, seat_xy=SEAT_XY, seat_population=SEAT_POPULATION,
                 target_population=TARGET_POPULATION, town_population=130_000, town_names=TOWN_NAMES):
        assert len(town_names) == 20, "a county has 20 towns"
        self.name = name
        self.width_km, self.height_km = width_km, height_km
        self.west_edge_km = west_edge_km  # x below this is mountainous
        self.hilly_edge_km = hilly_edge_km  # x below this (and not mountainous) is hilly
        self.seat_xy = seat_xy
        self.seat_population = seat_population
        self.target_population = target_population  # seat + towns + villages
        self.town_population = town_population  # the 20 town seats together
        self.town_names = town_names


def build_region(rng, layout=None):
    """Places and roads of one county: seat `county`, towns t01…t20, villages t01v01…, roads r001…"""
    lay = layout or CountyLayout()
    width_km, height_km, west_edge_km, seat_xy = lay.width_km, lay.height_km, lay.west_edge_km, lay.seat_xy
    places = []  # dicts
    seat = dict(id="county", name=f"{lay.name}城区", kind="County", parent=None, x=seat_xy[0],
                y=seat_xy[1], population=lay.seat_population, tags=["Urban"], demo=False, west=False)
    places.append(seat)

    # Towns on a jittered 5 × 4 grid (for the reference county: x = 6, 18 … 54, y = 6.25 … 43.75).
    towns = []
    cols = [width_km * (2 * i + 1) / 10 for i in range(5)]
    rows = [height_km * (2 * j + 1) / 8 for j in range(4)]
    k = 0
    for row in rows:
        for col in cols:
            for _ in range(100):
                x = clip(col + rng.uniform(-3.5, 3.5), 2.0, width_km - 2.0)
                y = clip(row + rng.uniform(-3.5, 3.5), 2.0, height_km - 2.0)
                if dist((x, y), seat_xy) > 6.0 and abs(x - west_edge_km) > 0.5:
                    break
            k += 1
            west = x < west_edge_km
            t = dict(id=f"t{k:02d}", name=lay.town_names[k - 1], kind="Town", parent="county", x=x, y=y,
                     west=west, demo=False)
            if west:
                t["tags"] = ["Mountain"] + (["Riverside"] if rng.random() < 0.6 else [])
            else:
                t["tags"] = (["Hilly"] if x < lay.hilly_edge_km else []) + (["Riverside"] if rng.random() < 0.3 else [])
            towns.append(t)

    # Town populations: larger near the seat and in the east.
    for t in towns:
        d = dist((t["x"], t["y"]), seat_xy)
        t["_w"] = clip(1.0 - d / 45.0 + rng.uniform(-0.15, 0.15) - (0.15 if t["west"] else 0.0), 0.02, 0.98)

    # Villages: along valleys in the west, scattered round the town in the east.
    villages = []
    used_names = set()
    for t in towns:
        valley = math.radians(rng.uniform(20.0, 70.0))  # NE–SW valleys of the Longmenshan
        mine = []
        for j in range(1, 11):
            for _ in range(200):
                if t["west"]:
                    along = rng.choice([-1, 1]) * rng.uniform(1.5, 8.0)
                    across = rng.uniform(-1.5, 1.5)
                    x = t["x"] + along * math.cos(valley) - across * math.sin(valley)
                    y = t["y"] + along * math.sin(valley) + across * math.cos(valley)
                else:
                    r, a = rng.uniform(1.5, 5.5), rng.uniform(0, 2 * math.pi)
                    x, y = t["x"] + r * math.cos(a), t["y"] + r * math.sin(a)
                    across = None
                x, y = clip(x, 0.5, width_km - 0.5), clip(y, 0.5, height_km - 0.5)
                if all(dist((x, y), (o["x"], o["y"])) >= 0.8 for o in mine + [t]) and \
                        dist((x, y), seat_xy) > 2.5:
                    break
            while True:
                name = rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + "村"
                if name not in used_names:
                    used_names.add(name)
                    break
            west = x < west_edge_km
            vt = []
            if west:
                vt.append("Mountain")
                if across is not None and abs(across) < 0.6 and rng.random() < 0.7:
                    vt.append("Riverside")  # on the valley floor
                if rng.random() < (0.45 if across is not None and abs(across) >= 0.6 else 0.15):
                    vt.append("ForestEdge")
            else:
                if x < lay.hilly_edge_km:
                    vt.append("Hilly")
                if rng.random() < 0.15:
                    vt.append("Riverside")
                if rng.random() < 0.08:
                    vt.append("ForestEdge")
            v = dict(id=f"{t['id']}v{j:02d}", name=name, kind="Village", parent=t["id"], x=x, y=y,
                     tags=vt, west=west, demo=False,
                     _w=clip(rng.random() ** (1.25 if west else 0.8), 0.01, 0.995))
            mine.append(v)
        villages.extend(mine)

    for v in rng.sample(villages, round(0.15 * len(villages))):
        v["demo"] = True

    # Populations: towns first, then villages take the rest of the target exactly.
    town_pops = spread_populations(rng, [t["_w"] for t in towns], 4000, 15000, lay.town_population)
    for t, p in zip(towns, town_pops):
        t["population"] = p
    rest = lay.target_population - lay.seat_population - sum(town_pops)
    vill_pops = spread_populations(rng, [v["_w"] for v in villages], 800, 2600, rest)
    residual = rest - sum(vill_pops)
    order = sorted(range(len(villages)), key=lambda i: villages[i]["_w"])
    i = 0
    while residual != 0:  # absorb rounding in steps of 10 on mid-sized villages
        idx = order[len(order) // 4 + i % (len(order) // 2)]
        step = 10 if residual > 0 else -10
        if 800 <= vill_pops[idx] + step <= 2600:
            vill_pops[idx] += step
            residual -= step
        i += 1
    for v, p in zip(villages, vill_pops):
        v["population"] = p

    for p in [seat] + towns + villages:
        kind = {"County": "county", "Town": "town", "Village": "village"}[p["kind"]]
        p["housing"] = housing_shares(rng, kind, p["west"], p["demo"])
        p["x"], p["y"] = round(p["x"], 1), round(p["y"], 1)
    places = [seat] + towns + villages

    # Roads.
    by_id = {p["id"]: p for p in places}
    roads = []
    linked = set()

    def add_road(a, b, cls, straight_factor=None):
        pa, pb = by_id[a], by_id[b]
        mountain = pa["west"] or pb["west"]
        factor = rng.uniform(1.3, 1.4) if mountain else rng.uniform(1.2, 1.3)
        length = max(0.5, round(factor * dist((pa["x"], pa["y"]), (pb["x"], pb["y"])), 1))
        roads.append(dict(id=f"r{len(roads) + 1:03d}", frm=a, to=b, length=length, cls=cls,
                          tags=["Mountain"] if mountain else []))
        linked.add(frozenset((a, b)))

    for t in towns:
        d = dist((t["x"], t["y"]), seat_xy)
        add_road(t["id"], "county", "National" if d >= 20.0 else "Provincial")
    # Redundancy: county roads between neighbouring towns (each town's two nearest, 8 of them).
    candidates = set()
    for t in towns:
        near = sorted((o for o in towns if o is not t), key=lambda o: dist((t["x"], t["y"]), (o["x"], o["y"])))
        for o in near[:2]:
            candidates.add(tuple(sorted((t["id"], o["id"]))))
    for a, b in rng.sample(sorted(candidates), 8):
        add_road(a, b, "County")
    for v in villages:
        add_road(v["parent"], v["id"], "Village")
    by_town = {}
    for v in villages:
        by_town.setdefault(v["parent"], []).append(v)
    for v in sorted(rng.sample(villages, round(0.30 * len(villages))), key=lambda v: v["id"]):
        near = sorted((o for o in by_town[v["parent"]] if o is not v),
                      key=lambda o: dist((v["x"], v["y"]), (o["x"], o["y"])))
        for o in near:
            if frozenset((v["id"], o["id"])) not in linked:
                add_road(v["id"], o["id"], "Village")
                break

    return seat, towns, villages, roads


def check_region(places, roads):
    ids = [p["id"] for p in places] + [r["id"] for r in roads]
    assert len(ids) == len(set(ids)), "duplicate ids"
    adj = {p["id"]: set() for p in places}
    for r in roads:
        adj[r["frm"]].add(r["to"])
        adj[r["to"]].add(r["frm"])
    seen, stack = {"county"}, ["county"]
    while stack:
        for n in adj[stack.pop()]:
            if n not in seen:
                seen.add(n)
                stack.append(n)
    assert len(seen) == len(places), "unreachable places"


def place_line(p):
    """One place of a Region part, as RON (three lines)."""
    parent = f" parent: {s(p['parent'])}," if p["parent"] else ""
    housing = ", ".join(f"(class: {s(c)}, share: {pc / 100:.2f})" for c, pc in p["housing"])
    demo = ", preparedness: Demonstration" if p["demo"] else ""
    return (f"        (id: {s(p['id'])}, name: {s(p['name'])}, kind: {p['kind']},{parent}"
            f" x_km: {f(p['x'])}, y_km: {f(p['y'])}, population: {p['population']},\n"
            f"         housing: [{housing}],\n"
            f"         tags: {tags(p['tags'])}{demo}),\n")


def road_line(r):
    """One road of a Region part, as RON."""
    return (f"        (id: {s(r['id'])}, from: {s(r['frm'])}, to: {s(r['to'])}, length_km: {f(r['length'])},"
            f" class: {r['cls']}, tags: {tags(r['tags'])}),\n")


def rivers_ron(towns, villages):
    """Rivers: in each town, its riverside places from west (upstream, the mountains) to east.

    Derived from the places alone (no random draws), so adding rivers changes nothing else.
    """
    out = ["    // Rivers: each town's riverside places, upstream (west) first. A landslide into one can\n",
           "    // dam it (barrier lake) and flood the place upstream; heavy rain floods its banks.\n",
           "    rivers: [\n"]
    for t in towns:
        along = [v for v in villages if v["parent"] == t["id"] and "Riverside" in v["tags"]]
        if "Riverside" in t["tags"]:
            along.append(t)
        if len(along) < 2:
            continue
        along.sort(key=lambda p: (p["x"], p["id"]))
        ids = ", ".join(s(p["id"]) for p in along)
        out.append(f"        (id: {s('river-' + t['id'])}, name: {s(t['name'] + '河段')}, places: [{ids}], flood_rain_mm: 150.0),\n")
    out.append("    ],\n")
    return "".join(out)


def region_ron(seat, towns, villages, roads):
    out = ["Region(\n", f"    name: {s(COUNTY_NAME + ' (Demonstration County)')},\n", "    places: [\n"]

    def place(p):
        out.append(place_line(p))

    out.append("        // The county seat (县城).\n")
    place(seat)
    out.append("\n        // Towns (乡镇): west of x = 30 km is mountainous.\n")
    for t in towns:
        place(t)
    for t in towns:
        out.append(f"\n        // Villages of {t['name']} ({t['id']}).\n")
        for v in villages:
            if v["parent"] == t["id"]:
                place(v)
    out.append("    ],\n    roads: [\n")
    section = None
    for r in roads:
        kind = ("trunk" if r["to"] == "county" else "town-town" if r["cls"] == "County"
                else "town-village" if r["to"].startswith(r["frm"]) and "v" in r["to"] and "v" not in r["frm"]
                else "village-village")
        if kind != section:
            section = kind
            out.append({
                "trunk": "        // Trunk roads: every town to the seat (National ≥ 20 km straight-line, else Provincial).\n",
                "town-town": "\n        // County roads between neighbouring towns, for redundancy.\n",
                "town-village": "\n        // Village roads: every village to its town.\n",
                "village-village": "\n        // Village roads between neighbouring villages of the same town.\n",
            }[kind])
        out.append(road_line(r))
    out.append("    ],\n")
    out.append(rivers_ron(towns, villages))
    out.append(")\n")
    return "".join(out)


# ----------------------------------------------------------------------------------------------------
# Facilities
# ----------------------------------------------------------------------------------------------------

def pick_facility_towns(towns):
    west = sorted((t for t in towns if t["west"]), key=lambda t: -t["population"])
    east = sorted((t for t in towns if not t["west"]), key=lambda t: -t["population"])
    far_west = sorted((t for t in towns if t["west"]), key=lambda t: -dist((t["x"], t["y"]), SEAT_XY))
    return west, east, far_west


def build_facilities(rng, towns, villages):
    west, east, far_west = pick_facility_towns(towns)
    hospitals = [
        dict(id="h01", name=f"{COUNTY_NAME}人民医院", place="county", beds=600, ambulances=12),
        dict(id="h02", name=f"{COUNTY_NAME}中医医院", place="county", beds=250, ambulances=6),
        dict(id="h03", name=f"{COUNTY_NAME}妇幼保健院", place="county", beds=150, ambulances=4),
    ]
    health_towns = sorted(west[:4] + east[:4], key=lambda t: t["id"])
    for t in health_towns:
        beds = int(clip(round(t["population"] / 300), 15, 40))
        hospitals.append(dict(id=f"h{len(hospitals) + 1:02d}", name=f"{t['name']}卫生院", place=t["id"],
                              beds=beds, ambulances=2 if t["population"] >= 8000 else 1))

    seat_shelters = ["县体育中心", "人民广场", "滨河公园", "县第一中学操场", "县第二中学操场", "城北应急避难公园"]
    shelters = []
    for name in seat_shelters:
        shelters.append(dict(id=f"s{len(shelters) + 1:02d}", name=COUNTY_NAME + name.removeprefix("县"), place="county",
                             capacity=rng.randrange(3000, 8001, 500)))
    for t in towns:
        cap = int(clip(round(t["population"] * 0.15 / 50) * 50, 500, 2000))
        shelters.append(dict(id=f"s{len(shelters) + 1:02d}", name=f"{t['name']}中心小学操场避难场所",
                             place=t["id"], capacity=cap))

    depots = [dict(id="d01", name=f"{COUNTY_NAME}应急物资储备库", place="county", tents=20000, food=60000,
                   water=60000)]
    depot_towns = sorted(far_west[:3] + [east[0]], key=lambda t: t["id"])
    for t in depot_towns:
        tents = rng.randrange(1500, 3001, 100)
        depots.append(dict(id=f"d{len(depots) + 1:02d}", name=f"{t['name']}应急物资储备点", place=t["id"],
                           tents=tents, food=3 * tents, water=3 * tents))

    chem_town = east[1]
    mine_town = west[1]
    hazardous = [
        dict(id="hz01", name=f"{chem_town['name']}化工有限公司", place=chem_town["id"], kind="Chemical", workers=300),
        dict(id="hz02", name=f"{mine_town['name']}磷矿", place=mine_town["id"], kind="Mine", workers=150),
    ]
    helipad_towns = sorted(far_west[:3], key=lambda t: t["id"])
    helipads = [dict(id="hp01", place="county")] + [
        dict(id=f"hp{i + 2:02d}", place=t["id"]) for i, t in enumerate(helipad_towns)]
    towers = [dict(id="ct00", place="county", serves=["county"])]
    for t in towns:
        towers.append(dict(id=f"ct{t['id'][1:]}", place=t["id"],
                           serves=[t["id"]] + [v["id"] for v in villages if v["parent"] == t["id"]]))
    return dict(hospitals=hospitals, shelters=shelters, depots=depots, hazardous=hazardous,
                helipads=helipads, towers=towers, mine_town=mine_town, health_towns=health_towns,
                depot_towns=depot_towns)


def facilities_ron(fac):
    o = ["Facilities(\n"]
    o.append("    // Hospitals: beds free for casualties at the start; ambulances carry the injured.\n")
    o.append("    hospitals: [\n")
    for h in fac["hospitals"]:
        o.append(f"        (id: {s(h['id'])}, name: {s(h['name'])}, place: {s(h['place'])},"
                 f" beds: {h['beds']}, ambulances: {h['ambulances']}),\n")
    o.append("    ],\n    // Emergency shelters (避难场所): parks and school grounds.\n    shelters: [\n")
    for x in fac["shelters"]:
        o.append(f"        (id: {s(x['id'])}, name: {s(x['name'])}, place: {s(x['place'])},"
                 f" capacity: {x['capacity']}),\n")
    o.append("    ],\n    // Relief depots (物资储备库): stocks in person-days (tents: people sheltered).\n    depots: [\n")
    for d in fac["depots"]:
        o.append(f"        (id: {s(d['id'])}, name: {s(d['name'])}, place: {s(d['place'])},"
                 f" stocks: (tents: {d['tents']}, food: {d['food']}, water: {d['water']})),\n")
    o.append("    ],\n    hazardous_sites: [\n")
    for h in fac["hazardous"]:
        o.append(f"        (id: {s(h['id'])}, name: {s(h['name'])}, place: {s(h['place'])},"
                 f" kind: {h['kind']}, workers: {h['workers']}),\n")
    o.append("    ],\n    helipads: [\n")
    for h in fac["helipads"]:
        o.append(f"        (id: {s(h['id'])}, place: {s(h['place'])}),\n")
    o.append("    ],\n    // One tower per town serving the town and its villages; one at the seat.\n    comms_towers: [\n")
    for t in fac["towers"]:
        o.append(f"        (id: {s(t['id'])}, place: {s(t['place'])}, serves: [{', '.join(s(x) for x in t['serves'])}]),\n")
    o.append("    ],\n)\n")
    return "".join(o)


# ----------------------------------------------------------------------------------------------------
# Forces
# ----------------------------------------------------------------------------------------------------

CN_NUM = "一二三四五六七八九十"


def build_forces(rng, towns, fac):
    west, east, _ = pick_facility_towns(towns)
    teams = []

    def team(prefix, name, kind, size, base, speed, caps, mob, shift=12 * 60, rest=None, note=None):
        n = sum(1 for t in teams if t["id"].startswith(prefix)) + 1
        teams.append(dict(id=f"{prefix}{n:02d}", name=name, kind=kind, size=size, base=base, speed=speed,
                          caps=caps, mob=mob, shift=shift,
                          rest=rest if rest is not None else rng.choice([8, 10, 12]) * 60, note=note))

    # 12 comprehensive fire-rescue teams (综合救援): 4 at the seat, 4 in the largest eastern and 4 in
    # the largest western towns.
    seat_fire = ["县消防救援大队特勤中队", "县消防救援大队一中队", "县消防救援大队二中队", "县城区专职消防队"]
    for i, name in enumerate(seat_fire):
        caps = [("Extrication", round(rng.uniform(0.4, 0.5), 2))]
        if i < 2:
            caps.append(("Medical", 2.0))
        team("fr", COUNTY_NAME + name.removeprefix("县"), "Comprehensive", rng.randint(30, 40), "county",
             rng.choice([50, 55, 60]), caps, rng.choice([10, 15]))
    for i, t in enumerate(sorted(east[:4] + west[:4], key=lambda t: t["id"])):
        caps = [("Extrication", round(rng.uniform(0.25, 0.4), 2))]
        if i % 4 == 0:
            caps.append(("Medical", 2.0))
        team("fr", f"{t['name']}专职消防站", "Comprehensive", rng.randint(20, 28), t["id"],
             rng.choice([45, 50, 55]), caps, rng.choice([15, 20]))

    # 18 professional teams (专业救援): 8 medical, 7 engineering, 3 mine rescue.
    for name in ["县人民医院医疗救援队", "县人民医院急诊分队", "县中医医院医疗队", "县妇幼保健院医疗队"]:
        team("pr", COUNTY_NAME + name.removeprefix("县"), "Professional", rng.randint(10, 16), "county",
             rng.choice([50, 55, 60]), [("Medical", float(rng.randint(4, 6)))], rng.choice([20, 30]))
    for t in fac["health_towns"][::2]:
        team("pr", f"{t['name']}卫生院医疗小分队", "Professional", rng.randint(6, 10), t["id"],
             rng.choice([40, 45, 50]), [("Medical", 3.0)], rng.choice([30, 40]))
    for name in ["县交通运输局公路抢通一队", "县交通运输局公路抢通二队", "县住建局工程抢险队"]:
        team("pr", COUNTY_NAME + name.removeprefix("县"), "Professional", rng.randint(25, 40), "county",
             rng.choice([40, 45]), [("RoadClearing", round(rng.uniform(1.5, 2.0), 1))], rng.choice([30, 45]))
    for t in fac["depot_towns"]:
        team("pr", f"{t['name']}公路养护抢通队", "Professional", rng.randint(15, 25), t["id"],
             40, [("RoadClearing", round(rng.uniform(1.0, 1.5), 1))], rng.choice([45, 60]))
    mine = fac["mine_town"]
    team("pr", f"{COUNTY_NAME}矿山救护队", "Professional", 20, "county", 50, [("Extrication", 0.4)], 20)
    team("pr", f"{COUNTY_NAME}矿山救护队{mine['name']}小队", "Professional", 12, mine["id"], 45,
         [("Extrication", 0.4)], 20)
    team("pr", f"{mine['name']}磷矿企业救护队", "Professional", 15, mine["id"], 40, [("Extrication", 0.4)], 15)

    # 40 social teams (社会救援): two per town.
    for t in towns:
        for name in [f"{t['name']}应急志愿服务队", f"{t['name']}社会救援队"]:
            team("so", name, "Social", rng.randint(10, 30), t["id"], rng.choice([40, 45, 50]),
                 [("Extrication", round(rng.uniform(0.1, 0.2), 2))], rng.choice([30, 40, 45, 60]),
                 shift=rng.choice([8, 12]) * 60)

    # 2 aviation crews (航空救援) at the seat helipad.
    for i in range(2):
        team("av", f"省应急航空救援直升机{CN_NUM[i]}号机组", "Aviation", rng.choice([6, 8]), "county", 200,
             [("Extrication", 0.1), ("Medical", 2.0)], 45)

    # 10 military units (军队): based at the seat after arriving; 3 engineer units also clear roads.
    mil_names = ["解放军某旅工兵连", "解放军某旅舟桥连", "解放军某旅工化连", "解放军某旅一营一连",
                 "解放军某旅一营二连", "解放军某旅二营一连", "解放军某旅二营二连", "武警某支队机动一中队",
                 "武警某支队机动二中队", "县人武部民兵应急连"]
    for i, name in enumerate(mil_names):
        caps = [("Extrication", round(rng.uniform(0.4, 0.6), 2))]
        if i < 3:
            caps.append(("RoadClearing", 1.0))
        team("mi", name, "Military", rng.randrange(50, 101, 5), "county", rng.choice([40, 45, 50]), caps,
             rng.choice([120, 150, 180, 210, 240]))

    # 18 mutual-aid teams (跨区增援), three from each of six neighbouring counties; they arrive at the
    # county seat, the nearer counties first.
    for ci, county in enumerate(NEIGHBOUR_COUNTIES):
        base_mob = 240 + ci * 40
        for name, ext in [("消防救援大队增援队", (0.4, 0.5)), ("矿山救护队", (0.35, 0.45)),
                          ("应急救援队", (0.3, 0.4))]:
            team("ma", f"{county}{name}", "MutualAid", rng.randint(20, 45), "county", rng.choice([50, 55, 60]),
                 [("Extrication", round(rng.uniform(*ext), 2))], min(480, base_mob + rng.choice([0, 15, 30])))
    return teams


def forces_ron(teams):
    o = ["Forces(\n    teams: [\n"]
    heads = {
        "Comprehensive": "Comprehensive fire-rescue (综合救援): 4 at the seat, 8 in the larger towns.",
        "Professional": "Professional (专业救援): medical (injured stabilised/h), engineering (road clearing), mine rescue.",
        "Social": "Social forces and volunteers (社会救援): two per town.",
        "Aviation": "Aviation (航空救援): helicopter crews at the seat helipad; they fly straight.",
        "Military": "Military (军队): based at the seat once they arrive; three engineer units clear roads.",
        "MutualAid": "Mutual aid (跨区增援) from six neighbouring counties, arriving at the seat after 4–8 h.",
    }
    last = None
    for t in teams:
        if t["kind"] != last:
            last = t["kind"]
            o.append(("\n" if len(o) > 1 else "") + f"        // {heads[last]}\n")
        caps = ", ".join(f"(kind: {k}, rate: {f(r, 2)})" for k, r in t["caps"])
        o.append(f"        (id: {s(t['id'])}, name: {s(t['name'])}, kind: {t['kind']}, size: {t['size']},"
                 f" base: {s(t['base'])}, speed_kmh: {f(t['speed'])},\n"
                 f"         capabilities: [{caps}],\n"
                 f"         mobilisation: {dur(t['mob'])}, shift: {dur(t['shift'])}, rest: {dur(t['rest'])}),\n")
    o.append("    ],\n)\n")
    return "".join(o)


# ----------------------------------------------------------------------------------------------------
# Organisation, hazards, plans, scenario
# ----------------------------------------------------------------------------------------------------

def organisation_ron(towns, villages, chem):
    o = ["Organisation(\n    nodes: [\n"]
    o.append(f"        (id: \"hq\", name: {s(COUNTY_NAME + '应急指挥部')}, kind: CountyHq, place: \"county\", duty_staff: 12),\n")
    for nid, name, kind in [("hq-quake", "抗震救灾指挥部", "EarthquakeHq"),
                            ("hq-flood", "防汛抗旱指挥部", "FloodDroughtHq"),
                            ("hq-fire", "森林防灭火指挥部", "ForestFireHq"),
                            ("hq-geo", "地质灾害防治指挥部", "GeologicalHq")]:
        o.append(f"        (id: {s(nid)}, name: {s(COUNTY_NAME + name)}, kind: {kind}, parent: \"hq\","
                 f" place: \"county\", duty_staff: 4),\n")
    o.append("\n        // Town commands (乡镇) report to the county HQ.\n")
    for t in towns:
        o.append(f"        (id: {s('tc-' + t['id'])}, name: {s(t['name'] + '应急指挥部')}, kind: TownCommand,"
                 f" parent: \"hq\", place: {s(t['id'])}, duty_staff: 3),\n")
    o.append("\n        // Village commands (村两委) report to their town.\n")
    for v in villages:
        o.append(f"        (id: {s('vc-' + v['id'])}, name: {s(v['name'] + '应急工作组')}, kind: VillageCommand,"
                 f" parent: {s('tc-' + v['parent'])}, place: {s(v['id'])}),\n")
    # Seats a drill can give a person (drillsim seats): the deputy, the departments that each hold
    # part of the picture (the plan's member units, 成员单位), the army liaison, a neighbouring
    # county and the chemical plant's emergency desk. They come last so that adding them moves no
    # other node's index.
    o.append("\n        // The deputy commander, the departments (成员单位) and the liaisons report to the county HQ.\n")
    o.append(f"        (id: \"hq-deputy\", name: {s(COUNTY_NAME + '应急指挥部副总指挥')}, kind: DeputyHq,"
             f" parent: \"hq\", place: \"county\", duty_staff: 2),\n")
    for nid, name, desk, staff in [("dept-emergency", "应急管理局", "Emergency", 6),
                                   ("dept-natres", "自然资源局", "NaturalResources", 3),
                                   ("dept-water", "水利局", "WaterResources", 3),
                                   ("dept-weather", "气象局", "Meteorology", 2),
                                   ("dept-transport", "交通运输局", "Transport", 3),
                                   ("dept-police", "公安局", "PublicSecurity", 4),
                                   ("dept-health", "卫生健康局", "Health", 3),
                                   ("dept-fire", "消防救援大队", "FireRescue", 3)]:
        o.append(f"        (id: {s(nid)}, name: {s(COUNTY_NAME + name)}, kind: Department({desk}),"
                 f" parent: \"hq\", place: \"county\", duty_staff: {staff}),\n")
    o.append(f"        (id: \"mil-liaison\", name: {s(COUNTY_NAME + '人民武装部（军地联络）')}, kind: MilitaryLiaison,"
             f" parent: \"hq\", place: \"county\", duty_staff: 2),\n")
    east = max(towns, key=lambda t: t["x"])
    o.append(f"        (id: \"neighbour-east\", name: \"东邻县应急管理局（驻{east['name']}联络组）\", kind: NeighbourCounty,"
             f" parent: \"hq\", place: {s(east['id'])}, duty_staff: 2),\n")
    o.append(f"        (id: \"ent-hz01\", name: {s(chem['name'] + '应急值班室')}, kind: Enterprise,"
             f" parent: \"hq\", place: {s(chem['place'])}, duty_staff: 2),\n")
    o.append("    ],\n)\n")
    return "".join(o)


def main():
    rng = random.Random(SEED)
    seat, towns, villages, roads = build_region(rng)
    places = [seat] + towns + villages
    check_region(places, roads)
    fac = build_facilities(rng, towns, villages)
    teams = build_forces(rng, towns, fac)
    assert len(teams) == 100 and len({t["id"] for t in teams}) == 100

    write("county/region.ron", [
        GENERATED,
        f"Region: {COUNTY_NAME}, a mountainous county of central Sichuan, ≈ 60 km × 50 km (x east, y north, km).",
        "1 county seat, 20 towns (t01…t20), 200 villages (t01v01…), roads r001…; the west half (x < 30) is mountainous.",
        "Populations, housing shares and terrain: see the generator's docstring for where the figures come from.",
    ], region_ron(seat, towns, villages, roads))
    write("county/facilities.ron", [
        GENERATED,
        "Facilities of the county: hospitals and township health centres, shelters, relief depots,",
        "a chemical plant and a mine, helipads, comms towers.",
    ], facilities_ron(fac))
    write("county/forces.ron", [
        GENERATED,
        "Forces: the 100 response teams the county can call on. Rates: Extrication = heavily trapped victims",
        "freed per hour, Medical = injured stabilised per hour, RoadClearing = clearance work-hours per hour.",
    ], forces_ron(teams))
    write("county/organisation.ron", [
        GENERATED,
        "Organisation: the county HQ, four specialised HQs, a command per town and per village,",
        "the deputy commander, eight departments, the army liaison, a neighbouring county and the chemical plant.",
    ], organisation_ron(towns, villages, next(h for h in fac["hazardous"] if h["kind"] == "Chemical")))
    eq_x, eq_y = 14.0, 29.0
    write("county/hazards-quake.ron", [
        GENERATED,
        "Hazards: an Ms 6.8 mainshock at 14 km depth under the mountainous west, 10 minutes into the run.",
    ], "Hazards(\n    events: [\n"
       f"        Earthquake(id: \"mainshock\", name: {s('M6.8 ' + COUNTY_NAME + '地震（主震）')},"
       f" x_km: {f(eq_x)}, y_km: {f(eq_y)}, magnitude: 6.8, depth_km: 14.0, time: \"10m\"),\n"
       "    ],\n)\n")
    write("plans/county-default.ron", [
        GENERATED,
        "Plan: the county's default doctrine — nearest capable team, rescue before road clearing.",
    ], "Plan(\n"
       "    name: \"county-default\",\n"
       "    description: \"The county plan as written: for each rescue site, most trapped first, send the nearest "
       "capable available team (at most 3 per site), then clear blocked roads; no reserve.\",\n"
       "    dispatch: (rule: NearestCapable, priorities: [Rescue, RoadClearing], max_teams_per_site: 3, reserve_share: 0.0),\n"
       ")\n")
    write("plans/do-nothing.ron", [
        GENERATED,
        "Plan: a baseline that dispatches nothing automatically (only self- and mutual rescue by residents,",
        "or scripted orders). Compare other plans against it.",
    ], "Plan(\n"
       "    name: \"do-nothing\",\n"
       "    description: \"Baseline: no automatic dispatch. Only neighbours rescue people, unless orders are scripted.\",\n"
       "    dispatch: (rule: Manual),\n"
       ")\n")
    description = (
        "A magnitude 6.8 earthquake strikes at 01:30 at night under the mountainous west of a synthetic "
        "central-Sichuan county of 500 000 people (1 county seat, 20 towns, 200 villages, ≈ 60 × 50 km), "
        "when almost everyone is asleep indoors. Mountain villages strung along river valleys are built mostly "
        "of unreinforced masonry and reached by single winding roads that the shaking can cut. "
        "Population densities and the housing mix are typical of Ya'an (Lushan 2013, Ms 7.0) and of the "
        "Wenchuan 2008 (Ms 8.0) damage reports; facilities and the 100 response teams (fire-rescue, "
        "professional, volunteer, aviation, military, mutual aid) are what a county of this size can call on; "
        "model parameters are DOMAIN.md defaults. Generated by scenarios/tools/gen_county.py."
    )
    write("county-quake.ron", [
        GENERATED,
        "Scenario: the county reference workload (DESIGN.md §7) — a night-time M6.8 quake, 72 hours, the county",
        "default plan. Swap the plan with `--plan plans/do-nothing.ron` for a baseline.",
    ], "Scenario(\n"
       "    name: \"county-quake\",\n"
       f"    description: {s(description)},\n"
       "    start_time: \"01:20\",\n"
       "    duration: \"72h\",\n"
       "    include: [\n"
       "        \"county/region.ron\",\n"
       "        \"county/facilities.ron\",\n"
       "        \"county/forces.ron\",\n"
       "        \"county/organisation.ron\",\n"
       "        \"county/hazards-quake.ron\",\n"
       "        \"plans/county-default.ron\",\n"
       "    ],\n"
       ")\n")

    total = sum(p["population"] for p in places)
    kinds = {}
    for t in teams:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
    print(f"places: 1 county seat, {len(towns)} towns ({sum(t['west'] for t in towns)} in the west), "
          f"{len(villages)} villages ({sum(v['demo'] for v in villages)} demonstration); roads: {len(roads)}")
    print(f"population: seat {seat['population']}, towns {sum(t['population'] for t in towns)} "
          f"({min(t['population'] for t in towns)}–{max(t['population'] for t in towns)}), villages "
          f"{sum(v['population'] for v in villages)} ({min(v['population'] for v in villages)}–"
          f"{max(v['population'] for v in villages)}), total {total}")
    print("teams: " + ", ".join(f"{k} {n}" for k, n in kinds.items()) + f", total {len(teams)}")


if __name__ == "__main__":
    main()
