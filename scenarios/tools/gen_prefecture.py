#!/usr/bin/env python3
"""Generate the reference prefecture scenario of drillsim (示范市, ten counties on the western rim of the
Sichuan basin).

Run from anywhere:  python3 scenarios/tools/gen_prefecture.py
It rewrites, deterministically (fixed seed, standard library only):

    scenarios/prefecture/region.ron          Region: the prefecture seat, 10 county seats, 200 towns,
                                             2 000 villages, ≈ 2 900 roads
    scenarios/prefecture/facilities.ron      Facilities: hospitals, health centres, shelters, depots,
                                             hazardous sites, helipads, comms towers
    scenarios/prefecture/forces.ron          Forces: 1 000 response teams
    scenarios/prefecture/organisation.ron    Organisation: prefecture HQ, 4 specialised HQs, 10 county,
                                             200 town and 2 000 village commands
    scenarios/prefecture/hazards-quake.ron   Hazards: an Ms 7.2 mainshock under a mountainous county
    scenarios/prefecture-quake.ron           Scenario: the above with plans/county-default.ron, 7 days

This is the "prefecture" reference workload of DESIGN.md §7 (ten counties like the county one, 7 days):
≈ 2 211 places, 5 000 000 people, 1 000 teams. Each county is laid out by gen_county.build_region, the
generator of the reference county (scenarios/county/), with its own size, seat, terrain and populations.

The hierarchy is flattened by one level
---------------------------------------
The scenario format has exactly one place of kind `County` per region and a county → town → village
hierarchy. A prefecture has one more level (prefecture → county → town → village), so here:

* the prefecture seat (市辖区, id `city`) is the one `County` place;
* each county seat (县城, id `c01` … `c10`) is a `Town` place under it — a large town of 100 000–150 000
  people with no villages of its own;
* each county's 20 towns (`c01t01` …) are `Town` places under the prefecture seat as well: the county a
  town belongs to shows only in its id, its name, its roads (every town has a road to its county seat) and
  the organisation (each town command reports to its county's command);
* villages (`c01t01v01` …) are `Village` places under their town, as in the county scenario.

Where the figures come from
---------------------------
* Size and shape: ≈ 200 km × 150 km (30 000 km²) on a 4 × 3 grid of 50 km cells: the prefecture seat's
  district in one cell, ten counties in ten, and the north-western cell high mountains without settlement
  (a national park). West of x = 75 km is mountainous (the Longmenshan front: the three western counties
  entirely, the middle column in its west half), the centre hilly, the east the edge of the basin plain —
  like Ya'an, Aba's south or Mianyang's north-west.
* Population: 5 000 000, ≈ 170 people/km² as in the county: 600 000 in the prefecture seat, each county
  400 000–500 000 (mountain counties smaller) of which 25–30 % in its seat and ≈ 26 % in its town seats.
* Roads: county seats linked to the prefecture seat by expressway (national roads for the three mountain
  counties), neighbouring county seats by national roads, and each pair of neighbouring counties by a
  provincial road between their two nearest towns; inside a county, roads as in the county scenario.
* Facilities: four city hospitals (1 200, 900, 500 and 400 beds free), three hospitals per county seat,
  eight township health centres per county; shelters in parks and school grounds; one prefecture relief
  depot, one per county seat and two town stores per county; a chemical park, county chemical plants,
  fireworks stores and mines; helipads at the city, every county seat and remote mountain towns; a comms
  tower per town and per seat.
* Forces: per county 10 fire-rescue teams (4 at the seat, 6 in the larger towns), 16 professional
  (medical, road clearing, mine rescue or hazmat) and 40 social teams (two per town); at the prefecture
  seat 20 fire-rescue and 20 professional teams of the prefecture, 20 aviation crews (16 at the city
  airport, 4 forward at the mountain county seats), 100 military units and 180 mutual-aid teams from
  neighbouring prefectures and provinces: 1 000 teams, as ten county scenarios would have.
* Hazard: an Ms 7.2 mainshock at 16 km depth under 岷山县, the mountainous county west of the prefecture
  seat, at 14:28 local time (the run starts 14:18) — a daytime quake, the hour of Wenchuan 2008.
"""

import math
import os
import random
import sys

sys.dont_write_bytecode = True  # importing gen_county must not leave a __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_county as gc  # noqa: E402  (the county generator: layout, RON helpers)
from gen_county import s, f, dur, dist, clip, write  # noqa: E402

SEED = 20080512  # Wenchuan earthquake date; any fixed value keeps the output stable
PREFECTURE_NAME = "示范市"
CITY_POPULATION = 600_000
COUNTIES_POPULATION = 4_400_000
WIDTH_KM, HEIGHT_KM = 200.0, 150.0
CELL_KM = 50.0
CITY_XY = (118.0, 72.0)
MOUNTAIN_FRONT_KM = 75.0  # x below this is mountainous

GENERATED = ("Generated by scenarios/tools/gen_prefecture.py — do not edit by hand; change the generator "
             "and rerun it.")
FLATTENED = [
    "Hierarchy flattened by one level (the format has one County place per region): the prefecture seat",
    "`city` is the County place; the 10 county seats (c01…c10) and their 200 towns (c01t01…) are all Town",
    "places under it; villages (c01t01v01…) hang under their town as usual.",
]

# (grid column, grid row, name, mountainous part): the cell (col, row) spans x = 50·col … 50·col + 50,
# y = 50·row … 50·row + 50. The city district is cell (2, 1); cell (0, 2) is an unsettled national park.
COUNTIES = [
    (0, 0, "峨岭县", "all"),
    (1, 0, "青衣县", "west"),
    (2, 0, "安平县", "none"),
    (3, 0, "永宁县", "none"),
    (0, 1, "岷山县", "all"),
    (1, 1, "龙门县", "west"),
    (3, 1, "太平县", "none"),
    (1, 2, "雪溪县", "west"),
    (2, 2, "丰乐县", "none"),
    (3, 2, "清河县", "none"),
]
QUAKE_COUNTY = 5  # 岷山县 (c05)
QUAKE_XY = (24.0, 79.0)

TOWN_FIRST = ["青", "龙", "白", "云", "双", "金", "太", "凤", "石", "清", "宝", "新", "柏", "玉", "高", "黄",
              "三", "花", "安", "永", "长", "平", "兴", "和", "福", "仁", "东", "西", "南", "北", "中", "上",
              "下", "大", "古", "桃", "柳", "马", "鹤", "银"]
TOWN_SECOND = ["山", "溪", "峰", "河", "坪", "鸣", "门", "桥", "林", "泉", "庙", "江", "园", "乐", "坝", "场",
               "寺", "关", "口", "阳", "丰", "源", "湖", "岭", "塘", "滩", "水", "田", "铺", "城"]

CN_NUM = "一二三四五六七八九十"


def cn_number(n):
    """1…99 in Chinese numerals."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN_NUM[tens - 1]) + "十" if tens else "") + (CN_NUM[ones - 1] if ones else "")


def exact_shares(pct):
    """Nudge integer percentages until they sum to exactly 1.0 as floats (the loader checks it)."""
    pct = list(pct)
    for _ in range(20):
        total = 0.0
        for _, p in pct:
            total += p / 100
        if total == 1.0:
            return pct
        (c0, p0), (c1, p1) = pct[0], pct[1]
        pct[0], pct[1] = (c0, p0 - 1), (c1, p1 + 1)
    raise SystemExit(f"could not make housing shares sum to exactly 1.0: {pct}")


# ----------------------------------------------------------------------------------------------------
# Region
# ----------------------------------------------------------------------------------------------------

def town_names(rng, used, mountain_share):
    names = []
    while len(names) < 20:
        stem = rng.choice(TOWN_FIRST) + rng.choice(TOWN_SECOND)
        if stem in used:
            continue
        used.add(stem)
        names.append(stem + ("乡" if rng.random() < mountain_share * 0.4 else "镇"))
    return names


def county_layouts(rng):
    """One gen_county.CountyLayout per county, with its cell origin and code."""
    targets = []
    for col, row, name, mountains in COUNTIES:
        lo, hi = {"all": (400_000, 420_000), "west": (420_000, 450_000), "none": (450_000, 500_000)}[mountains]
        targets.append(rng.randrange(lo, hi + 1, 1000))
    # Make them sum to COUNTIES_POPULATION exactly, spreading the difference over the plain counties.
    diff = COUNTIES_POPULATION - sum(targets)
    plain = [i for i, c in enumerate(COUNTIES) if c[3] == "none"]
    for k, i in enumerate(plain):
        targets[i] += diff // len(plain) + (diff % len(plain) if k == 0 else 0)
    assert sum(targets) == COUNTIES_POPULATION

    used = set()
    out = []
    for i, ((col, row, name, mountains), target) in enumerate(zip(COUNTIES, targets)):
        origin = (col * CELL_KM, row * CELL_KM)
        centre = (origin[0] + CELL_KM / 2, origin[1] + CELL_KM / 2)
        # The seat lies between the cell centre and the prefecture seat, a little jittered.
        dx, dy = CITY_XY[0] - centre[0], CITY_XY[1] - centre[1]
        norm = math.hypot(dx, dy)
        sx = clip(CELL_KM / 2 + 11.0 * dx / norm + rng.uniform(-3.0, 3.0), 8.0, CELL_KM - 8.0)
        sy = clip(CELL_KM / 2 + 11.0 * dy / norm + rng.uniform(-3.0, 3.0), 8.0, CELL_KM - 8.0)
        west_edge = {"all": CELL_KM, "west": MOUNTAIN_FRONT_KM - origin[0], "none": 0.0}[mountains]
        hilly_edge = CELL_KM if col <= 2 else 0.4 * CELL_KM
        seat_pop = int(round(target * rng.uniform(0.25, 0.30), -3))
        town_pop = int(round(target * 0.26, -3))
        lay = gc.CountyLayout(name=name, width_km=CELL_KM, height_km=CELL_KM, west_edge_km=west_edge,
                              hilly_edge_km=hilly_edge, seat_xy=(round(sx, 1), round(sy, 1)),
                              seat_population=seat_pop, target_population=target, town_population=town_pop,
                              town_names=town_names(rng, used, {"all": 1.0, "west": 0.5, "none": 0.0}[mountains]))
        out.append(dict(code=f"c{i + 1:02d}", index=i, col=col, row=row, name=name, mountains=mountains,
                        origin=origin, layout=lay))
    return out


def build_prefecture_region(rng, counties):
    """All places and roads; each county is built by gen_county.build_region and moved into its cell."""
    city = dict(id="city", name=f"{PREFECTURE_NAME}主城区", kind="County", parent=None, x=CITY_XY[0], y=CITY_XY[1],
                population=CITY_POPULATION, tags=["Urban"], demo=False, west=False,
                housing=exact_shares([("urm_lowcode", 8), ("rc_frame_lowcode", 37), ("shear_wall_modcode", 55)]))
    places = [city]
    for c in counties:
        crng = random.Random(SEED * 100 + c["index"] + 1)
        seat, towns, villages, croads = gc.build_region(crng, c["layout"])
        gc.check_region([seat] + towns + villages, croads)
        code, (ox, oy) = c["code"], c["origin"]

        def rid(old):
            return code if old == "county" else code + old

        for p in [seat] + towns + villages:
            p["id"] = rid(p["id"])
            p["x"], p["y"] = round(p["x"] + ox, 1), round(p["y"] + oy, 1)
            p["county"] = code
            if p["kind"] == "County":  # the county seat: a large town under the prefecture seat
                p["kind"], p["parent"] = "Town", "city"
            elif p["kind"] == "Town":
                p["parent"] = "city"
            else:
                p["parent"] = rid(p["parent"])
        for r in croads:
            r["id"], r["frm"], r["to"] = code + r["id"], rid(r["frm"]), rid(r["to"])
        c.update(seat=seat, towns=towns, villages=villages, roads=croads)
        places += [seat] + towns + villages
    by_id = {p["id"]: p for p in places}

    # Roads between counties.
    inter = []

    def add(prefix, a, b, cls, lo, hi):
        pa, pb = by_id[a], by_id[b]
        mountain = min(pa["x"], pb["x"]) < MOUNTAIN_FRONT_KM
        if mountain:
            lo, hi = lo + 0.1, hi + 0.1
        n = sum(1 for r in inter if r["id"].startswith(prefix)) + 1
        inter.append(dict(id=f"{prefix}{n:02d}", frm=a, to=b, cls=cls, tags=["Mountain"] if mountain else [],
                          length=max(0.5, round(rng.uniform(lo, hi) * dist((pa["x"], pa["y"]), (pb["x"], pb["y"])), 1))))

    for c in counties:  # county seat – prefecture seat
        add("e", c["code"], "city", "National" if c["mountains"] == "all" else "Expressway", 1.15, 1.25)
    cells = {(c["col"], c["row"]): c for c in counties}
    pairs = []
    for c in counties:
        for dc, dr in [(1, 0), (0, 1)]:
            o = cells.get((c["col"] + dc, c["row"] + dr))
            if o:
                pairs.append((c, o))
    for a, b in pairs:  # neighbouring county seats
        add("n", a["code"], b["code"], "National", 1.2, 1.3)
    for a, b in pairs:  # the two nearest towns of neighbouring counties
        ta, tb = min(((x, y) for x in a["towns"] for y in b["towns"]),
                     key=lambda xy: dist((xy[0]["x"], xy[0]["y"]), (xy[1]["x"], xy[1]["y"])))
        add("b", ta["id"], tb["id"], "Provincial", 1.2, 1.3)
    roads = [r for c in counties for r in c["roads"]] + inter
    check_prefecture(places, roads)
    return city, places, roads, inter


def check_prefecture(places, roads):
    ids = [p["id"] for p in places] + [r["id"] for r in roads]
    assert len(ids) == len(set(ids)), "duplicate ids"
    adj = {p["id"]: set() for p in places}
    for r in roads:
        adj[r["frm"]].add(r["to"])
        adj[r["to"]].add(r["frm"])
    seen, stack = {"city"}, ["city"]
    while stack:
        for n in adj[stack.pop()]:
            if n not in seen:
                seen.add(n)
                stack.append(n)
    assert len(seen) == len(places), "unreachable places"


def region_ron(city, counties, inter):
    out = ["Region(\n", f"    name: {s(PREFECTURE_NAME + ' (Demonstration Prefecture)')},\n", "    places: [\n"]
    out.append("        // The prefecture seat (市辖区): the one County place.\n")
    out.append(gc.place_line(city))
    for c in counties:
        terrain = {"all": "mountainous throughout", "west": "mountainous west of x = 75 km",
                   "none": "hills and plain"}[c["mountains"]]
        ox, oy = c["origin"]
        out.append(f"\n        // {c['name']} ({c['code']}), x {ox:.0f}–{ox + CELL_KM:.0f} km, y {oy:.0f}–"
                   f"{oy + CELL_KM:.0f} km, {terrain}: the county seat (县城), a large Town, then its towns.\n")
        out.append(gc.place_line(c["seat"]))
        for t in c["towns"]:
            out.append(gc.place_line(t))
    for c in counties:
        out.append(f"\n        // Villages of {c['name']} ({c['code']}), under their towns.\n")
        for v in c["villages"]:
            out.append(gc.place_line(v))
    out.append("    ],\n    roads: [\n")
    heads = {
        "e": "Trunk roads: every county seat to the prefecture seat (expressway; national road in the mountains).",
        "n": "National roads between neighbouring county seats.",
        "b": "Provincial roads between the nearest towns of neighbouring counties.",
    }
    last = None
    for r in inter:
        if r["id"][0] != last:
            last = r["id"][0]
            out.append(("\n" if len(out) > 3 else "") + f"        // {heads[last]}\n")
        out.append(gc.road_line(r))
    for c in counties:
        out.append(f"\n        // Roads inside {c['name']} ({c['code']}): towns to the seat, between neighbouring "
                   "towns, villages to their town and to a neighbour.\n")
        for r in c["roads"]:
            out.append(gc.road_line(r))
    out.append("    ],\n)\n")
    return "".join(out)


# ----------------------------------------------------------------------------------------------------
# Facilities
# ----------------------------------------------------------------------------------------------------

def by_population(towns):
    return sorted(towns, key=lambda t: (-t["population"], t["id"]))


def remote(c, towns):
    seat = c["seat"]
    return sorted(towns, key=lambda t: (-dist((t["x"], t["y"]), (seat["x"], seat["y"])), t["id"]))


def build_facilities(rng, counties):
    hospitals, shelters, depots, hazardous, helipads, towers = [], [], [], [], [], []

    def hid(prefix, lst):
        return f"{prefix}{len(lst) + 1:03d}"

    # The prefecture seat.
    for name, beds, amb in [("市第一人民医院", 1200, 30), ("市中心医院", 900, 24), ("市中医医院", 500, 12),
                            ("市第三人民医院", 400, 10)]:
        hospitals.append(dict(id=hid("h", hospitals), name=PREFECTURE_NAME + name.removeprefix("市"),
                              place="city", beds=beds, ambulances=amb))
    for name in ["市体育中心", "人民公园", "滨江公园", "市民广场", "市第一中学操场", "市第七中学操场", "高新区中央公园",
                 "城东应急避难公园", "城南应急避难公园", "会展中心广场"]:
        shelters.append(dict(id=hid("s", shelters), name=PREFECTURE_NAME + name.removeprefix("市"), place="city",
                             capacity=rng.randrange(6000, 15001, 500)))
    depots.append(dict(id=hid("d", depots), name=f"{PREFECTURE_NAME}应急物资储备库", place="city", tents=80000,
                       food=240000, water=240000))
    hazardous.append(dict(id=hid("hz", hazardous), name=f"{PREFECTURE_NAME}化工园区", place="city", kind="Chemical",
                          workers=1200))
    helipads.append(dict(id=hid("hp", helipads), place="city"))
    towers.append(dict(id="ct-city", place="city", serves=["city"]))

    for c in counties:
        seat, towns, villages, name = c["seat"], c["towns"], c["villages"], c["name"]
        big = by_population(towns)
        far = remote(c, towns)
        scale = seat["population"] / 150_000
        for hname, beds, amb in [("人民医院", 500, 12), ("中医医院", 220, 6), ("妇幼保健院", 120, 4)]:
            hospitals.append(dict(id=hid("h", hospitals), name=name + hname, place=seat["id"],
                                  beds=int(round(beds * scale, -1)), ambulances=max(2, round(amb * scale))))
        # Township health centres: the four largest towns and the six most remote, eight at most.
        c["health_towns"] = sorted({t["id"]: t for t in big[:4] + far[:6]}.values(), key=lambda t: t["id"])[:8]
        for t in c["health_towns"]:
            hospitals.append(dict(id=hid("h", hospitals), name=f"{t['name']}卫生院", place=t["id"],
                                  beds=int(clip(round(t["population"] / 300), 15, 40)),
                                  ambulances=2 if t["population"] >= 8000 else 1))
        for sname in ["体育中心", "人民广场", "滨河公园", "第一中学操场", "城北应急避难公园"]:
            shelters.append(dict(id=hid("s", shelters), name=name + sname, place=seat["id"],
                                 capacity=rng.randrange(3000, 8001, 500)))
        for t in towns:
            shelters.append(dict(id=hid("s", shelters), name=f"{t['name']}中心小学操场避难场所", place=t["id"],
                                 capacity=int(clip(round(t["population"] * 0.15 / 50) * 50, 500, 2000))))
        depots.append(dict(id=hid("d", depots), name=f"{name}应急物资储备库", place=seat["id"], tents=20000,
                           food=60000, water=60000))
        c["depot_towns"] = sorted(far[:2], key=lambda t: t["id"])
        for t in c["depot_towns"]:
            tents = rng.randrange(1500, 3001, 100)
            depots.append(dict(id=hid("d", depots), name=f"{t['name']}应急物资储备点", place=t["id"],
                               tents=tents, food=3 * tents, water=3 * tents))
        if c["mountains"] == "none":
            chem = big[1]
            hazardous.append(dict(id=hid("hz", hazardous), name=f"{chem['name']}化工有限公司", place=chem["id"],
                                  kind="Chemical", workers=rng.randrange(200, 501, 50)))
            fw = big[3]
            hazardous.append(dict(id=hid("hz", hazardous), name=f"{fw['name']}烟花爆竹仓库", place=fw["id"],
                                  kind="Fireworks", workers=rng.randrange(20, 61, 10)))
            c["mine_town"] = None
        else:
            mine = far[1]
            hazardous.append(dict(id=hid("hz", hazardous), name=f"{mine['name']}磷矿", place=mine["id"],
                                  kind="Mine", workers=rng.randrange(100, 301, 50)))
            c["mine_town"] = mine
            if c["mountains"] == "all":
                tail = far[4]
                hazardous.append(dict(id=hid("hz", hazardous), name=f"{tail['name']}尾矿库", place=tail["id"],
                                      kind="Tailings", workers=rng.randrange(10, 41, 10)))
        helipads.append(dict(id=hid("hp", helipads), place=seat["id"]))
        if c["mountains"] != "none":
            for t in sorted(far[:2 if c["mountains"] == "all" else 1], key=lambda t: t["id"]):
                helipads.append(dict(id=hid("hp", helipads), place=t["id"]))
        towers.append(dict(id=f"ct-{seat['id']}", place=seat["id"], serves=[seat["id"]]))
        for t in towns:
            towers.append(dict(id=f"ct-{t['id']}", place=t["id"],
                               serves=[t["id"]] + [v["id"] for v in villages if v["parent"] == t["id"]]))
    return dict(hospitals=hospitals, shelters=shelters, depots=depots, hazardous=hazardous, helipads=helipads,
                towers=towers)


# ----------------------------------------------------------------------------------------------------
# Forces
# ----------------------------------------------------------------------------------------------------

def build_forces(rng, counties):
    teams = []

    def team(tid, name, kind, size, base, speed, caps, mob, shift=12 * 60, rest=None):
        teams.append(dict(id=tid, name=name, kind=kind, size=size, base=base, speed=speed, caps=caps, mob=mob,
                          shift=shift, rest=rest if rest is not None else rng.choice([8, 10, 12]) * 60))

    for c in counties:
        code, name, seat, towns = c["code"], c["name"], c["seat"], c["towns"]
        big, n = by_population(towns), {}

        def cid(prefix):
            n[prefix] = n.get(prefix, 0) + 1
            return f"{code}{prefix}{n[prefix]:02d}"

        # 10 comprehensive fire-rescue teams: 4 at the seat, 6 in the largest towns.
        for i, tname in enumerate(["消防救援大队特勤中队", "消防救援大队一中队", "消防救援大队二中队", "城区专职消防队"]):
            caps = [("Extrication", round(rng.uniform(0.4, 0.5), 2))] + ([("Medical", 2.0)] if i < 2 else [])
            team(cid("fr"), name + tname, "Comprehensive", rng.randint(30, 40), seat["id"], rng.choice([50, 55, 60]),
                 caps, rng.choice([10, 15]))
        for i, t in enumerate(sorted(big[:6], key=lambda t: t["id"])):
            caps = [("Extrication", round(rng.uniform(0.25, 0.4), 2))] + ([("Medical", 2.0)] if i % 3 == 0 else [])
            team(cid("fr"), f"{t['name']}专职消防站", "Comprehensive", rng.randint(20, 28), t["id"],
                 rng.choice([45, 50, 55]), caps, rng.choice([15, 20]))
        # 16 professional teams: 4 medical at the seat, 4 at health centres, 3 road-clearing at the seat,
        # 2 at the town depots, 3 mine rescue (mountain counties) or hazmat/engineering (plain counties).
        for tname in ["人民医院医疗救援队", "人民医院急诊分队", "中医医院医疗队", "妇幼保健院医疗队"]:
            team(cid("pr"), name + tname, "Professional", rng.randint(10, 16), seat["id"], rng.choice([50, 55, 60]),
                 [("Medical", float(rng.randint(4, 6)))], rng.choice([20, 30]))
        for t in c["health_towns"][::2]:
            team(cid("pr"), f"{t['name']}卫生院医疗小分队", "Professional", rng.randint(6, 10), t["id"],
                 rng.choice([40, 45, 50]), [("Medical", 3.0)], rng.choice([30, 40]))
        for tname in ["交通运输局公路抢通一队", "交通运输局公路抢通二队", "住建局工程抢险队"]:
            team(cid("pr"), name + tname, "Professional", rng.randint(25, 40), seat["id"], rng.choice([40, 45]),
                 [("RoadClearing", round(rng.uniform(1.5, 2.0), 1))], rng.choice([30, 45]))
        for t in c["depot_towns"]:
            team(cid("pr"), f"{t['name']}公路养护抢通队", "Professional", rng.randint(15, 25), t["id"], 40,
                 [("RoadClearing", round(rng.uniform(1.0, 1.5), 1))], rng.choice([45, 60]))
        mine = c["mine_town"]
        if mine is not None:
            team(cid("pr"), f"{name}矿山救护队", "Professional", 20, seat["id"], 50, [("Extrication", 0.4)], 20)
            team(cid("pr"), f"{name}矿山救护队{mine['name']}小队", "Professional", 12, mine["id"], 45,
                 [("Extrication", 0.4)], 20)
            team(cid("pr"), f"{mine['name']}磷矿企业救护队", "Professional", 15, mine["id"], 40,
                 [("Extrication", 0.4)], 15)
        else:
            team(cid("pr"), f"{name}危化品应急救援队", "Professional", 20, seat["id"], 50, [("Extrication", 0.3)], 20)
            team(cid("pr"), f"{name}住建局工程抢险二队", "Professional", 25, seat["id"], 45,
                 [("RoadClearing", 1.5)], 30)
            team(cid("pr"), f"{name}电力抢修队", "Professional", 18, seat["id"], 50, [("RoadClearing", 1.0)], 30)
        # 40 social teams: two per town.
        for t in towns:
            for tname in [f"{t['name']}应急志愿服务队", f"{t['name']}社会救援队"]:
                team(cid("so"), tname, "Social", rng.randint(10, 30), t["id"], rng.choice([40, 45, 50]),
                     [("Extrication", round(rng.uniform(0.1, 0.2), 2))], rng.choice([30, 40, 45, 60]),
                     shift=rng.choice([8, 12]) * 60)
        assert sum(1 for t in teams if t["id"].startswith(code)) == 66

    # The prefecture's own forces at its seat.
    districts = ["城东", "城西", "城南", "城北", "高新", "经开", "临港"]
    for i in range(20):
        caps = [("Extrication", round(rng.uniform(0.4, 0.55), 2))] + ([("Medical", 2.0)] if i % 2 == 0 else [])
        unit = (f"特勤大队{cn_number(i + 1)}中队" if i < 6
                else f"{districts[(i - 6) // 2]}大队{cn_number((i - 6) % 2 + 1)}中队")
        team(f"mfr{i + 1:02d}", f"{PREFECTURE_NAME}消防救援支队{unit}", "Comprehensive", rng.randint(35, 50), "city",
             rng.choice([55, 60]), caps, rng.choice([10, 15]))
    for i in range(20):
        if i < 10:
            tname, caps, mob = f"{PREFECTURE_NAME}医疗救援队第{cn_number(i + 1)}分队", [("Medical", float(rng.randint(5, 8)))], 30
        elif i < 16:
            tname, caps, mob = f"{PREFECTURE_NAME}交通运输局公路抢通{cn_number(i - 9)}队", [
                ("RoadClearing", round(rng.uniform(1.8, 2.5), 1))], 45
        else:
            tname, caps, mob = f"{PREFECTURE_NAME}地震灾害紧急救援队{cn_number(i - 15)}分队", [
                ("Extrication", round(rng.uniform(0.5, 0.7), 2)), ("Medical", 2.0)], 30
        team(f"mpr{i + 1:02d}", tname, "Professional", rng.randint(15, 40), "city", rng.choice([50, 55, 60]), caps, mob)
    mountain_seats = [c["seat"]["id"] for c in counties if c["mountains"] == "all"]
    for i in range(20):
        base = mountain_seats[i - 16] if i >= 16 and i - 16 < len(mountain_seats) else "city"
        team(f"av{i + 1:02d}", f"省应急航空救援直升机{cn_number(i + 1)}号机组", "Aviation", rng.choice([6, 8]), base, 200,
             [("Extrication", 0.1), ("Medical", 2.0)], 45)
    # 100 military units: a combined-arms brigade, an engineer regiment, armed police, militia.
    for i in range(100):
        if i < 20:
            tname = f"解放军某工兵团{cn_number(i // 4 + 1)}营{cn_number(i % 4 + 1)}连"
            caps = [("Extrication", round(rng.uniform(0.4, 0.6), 2)), ("RoadClearing", 1.0)]
        elif i < 68:
            k = i - 20
            tname = f"解放军某合成{cn_number(k // 12 + 1)}旅{cn_number(k % 12 // 4 + 1)}营{cn_number(k % 4 + 1)}连"
            caps = [("Extrication", round(rng.uniform(0.4, 0.6), 2))]
        elif i < 88:
            k = i - 68
            tname = f"武警{PREFECTURE_NAME}支队机动{cn_number(k + 1)}中队"
            caps = [("Extrication", round(rng.uniform(0.4, 0.6), 2))]
        else:
            tname = f"{PREFECTURE_NAME}民兵应急{cn_number(i - 87)}连"
            caps = [("Extrication", round(rng.uniform(0.3, 0.45), 2))]
        team(f"mi{i + 1:03d}", tname, "Military", rng.randrange(50, 101, 5), "city", rng.choice([40, 45, 50]), caps,
             rng.choice([120, 150, 180, 210, 240]) + (60 if i >= 48 else 0))
    # 180 mutual-aid teams: 6 from each of 30 sources — neighbouring prefectures first, then provinces.
    # Neighbouring prefectures (synthetic, like the county scenario's 甲县…) arrive first, then provinces.
    sources = ["甲市", "乙市", "丙市", "丁市", "戊市", "己市", "庚市", "辛市", "壬市", "癸市",
               "重庆市", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "湖北省", "湖南省", "河南省", "广西壮族自治区",
               "广东省", "江苏省", "浙江省", "山东省", "河北省", "福建省", "北京市", "上海市", "天津市",
               "国家地震灾害紧急救援队"]
    assert len(sources) == 30
    for k, src in enumerate(sources):
        base_mob = 240 + k * 20
        corps = "支队" if k < 10 else "总队"
        kinds = [(f"消防救援{corps}增援一队", (0.4, 0.5)), (f"消防救援{corps}增援二队", (0.4, 0.5)),
                 ("矿山救护队", (0.35, 0.45)), ("应急救援队", (0.3, 0.4)), ("蓝天救援队", (0.2, 0.3)),
                 ("医疗救援队", None)]
        if src == "国家地震灾害紧急救援队":
            kinds = [(f"第{cn_number(j + 1)}分队", (0.6, 0.7)) for j in range(6)]
        for j, (tname, ext) in enumerate(kinds):
            caps = [("Medical", float(rng.randint(4, 6)))] if ext is None else [("Extrication", round(rng.uniform(*ext), 2))]
            team(f"ma{len([t for t in teams if t['kind'] == 'MutualAid']) + 1:03d}", f"{src}{tname}", "MutualAid",
                 rng.randint(20, 45), "city", rng.choice([50, 55, 60]), caps,
                 min(1080, base_mob + rng.choice([0, 15, 30])))
    return teams


def forces_ron(teams, counties):
    names = {c["code"]: c["name"] for c in counties}
    heads = {
        "mfr": "The prefecture's fire-rescue detachment (消防救援支队), at the prefecture seat.",
        "mpr": "The prefecture's professional teams: medical, road clearing, earthquake search and rescue.",
        "av": "Aviation (航空救援): 16 crews at the city airport, 4 forward at the mountain county seats.",
        "mi": "Military (军队): based at the prefecture seat once they arrive; engineers also clear roads.",
        "ma": "Mutual aid (跨区增援) from neighbouring prefectures and provinces, arriving at the prefecture seat.",
    }
    o = ["Forces(\n    teams: [\n"]
    last = None
    for t in teams:
        group = t["id"][:3] if t["id"][0] == "c" else t["id"].rstrip("0123456789")
        if group != last:
            last = group
            head = heads.get(group) or (f"{names[group]} ({group}): 10 fire-rescue teams (4 at the seat, 6 in the "
                                        "larger towns), 16 professional, 40 social (two per town).")
            o.append(("\n" if len(o) > 1 else "") + f"        // {head}\n")
        caps = ", ".join(f"(kind: {k}, rate: {f(r, 2)})" for k, r in t["caps"])
        o.append(f"        (id: {s(t['id'])}, name: {s(t['name'])}, kind: {t['kind']}, size: {t['size']},"
                 f" base: {s(t['base'])}, speed_kmh: {f(t['speed'])},\n"
                 f"         capabilities: [{caps}],\n"
                 f"         mobilisation: {dur(t['mob'])}, shift: {dur(t['shift'])}, rest: {dur(t['rest'])}),\n")
    o.append("    ],\n)\n")
    return "".join(o)


# ----------------------------------------------------------------------------------------------------
# Organisation, hazards, scenario
# ----------------------------------------------------------------------------------------------------

def organisation_ron(counties):
    o = ["Organisation(\n    nodes: [\n"]
    o.append("        // The prefecture HQ heads the chain (kind CountyHq: the format's top node) with four specialised HQs.\n")
    o.append(f"        (id: \"hq\", name: {s(PREFECTURE_NAME + '应急指挥部')}, kind: CountyHq, place: \"city\","
             " duty_staff: 20),\n")
    for nid, name, kind in [("hq-quake", "抗震救灾指挥部", "EarthquakeHq"),
                            ("hq-flood", "防汛抗旱指挥部", "FloodDroughtHq"),
                            ("hq-fire", "森林防灭火指挥部", "ForestFireHq"),
                            ("hq-geo", "地质灾害防治指挥部", "GeologicalHq")]:
        o.append(f"        (id: {s(nid)}, name: {s(PREFECTURE_NAME + name)}, kind: {kind}, parent: \"hq\","
                 f" place: \"city\", duty_staff: 6),\n")
    o.append("\n        // County commands (县应急指挥部): TownCommand nodes at the county seats (flattened one level),\n"
             "        // reporting to the prefecture HQ.\n")
    for c in counties:
        o.append(f"        (id: {s('tc-' + c['code'])}, name: {s(c['name'] + '应急指挥部')}, kind: TownCommand,"
                 f" parent: \"hq\", place: {s(c['code'])}, duty_staff: 8),\n")
    for c in counties:
        o.append(f"\n        // {c['name']}: town commands (乡镇) report to the county command, village commands"
                 " (村两委) to their town.\n")
        for t in c["towns"]:
            o.append(f"        (id: {s('tc-' + t['id'])}, name: {s(t['name'] + '应急指挥部')}, kind: TownCommand,"
                     f" parent: {s('tc-' + c['code'])}, place: {s(t['id'])}, duty_staff: 3),\n")
        for v in c["villages"]:
            o.append(f"        (id: {s('vc-' + v['id'])}, name: {s(v['name'] + '应急工作组')}, kind: VillageCommand,"
                     f" parent: {s('tc-' + v['parent'])}, place: {s(v['id'])}),\n")
    o.append("    ],\n)\n")
    return "".join(o)


def main():
    rng = random.Random(SEED)
    counties = county_layouts(rng)
    city, places, roads, inter = build_prefecture_region(rng, counties)
    fac = build_facilities(rng, counties)
    teams = build_forces(rng, counties)
    assert len(teams) == 1000 and len({t["id"] for t in teams}) == 1000, len(teams)
    place_ids = {p["id"] for p in places}
    assert all(t["base"] in place_ids for t in teams)

    write("prefecture/region.ron", [
        GENERATED,
        f"Region: {PREFECTURE_NAME}, a prefecture of ten counties on the western rim of the Sichuan basin,",
        "≈ 200 km × 150 km (x east, y north, km); west of x = 75 km is mountainous.",
    ] + FLATTENED + [
        "Roads: c01r001… inside the counties (as in the county scenario), e01… seat to city, n01… seat to seat,",
        "b01… between the nearest towns of neighbouring counties. Figures: see the generator's docstring.",
    ], region_ron(city, counties, inter))
    write("prefecture/facilities.ron", [
        GENERATED,
        "Facilities of the prefecture: city and county hospitals, township health centres, shelters, relief",
        "depots, hazardous sites (chemical park and plants, fireworks stores, mines, tailings), helipads, towers.",
    ], gc.facilities_ron(fac))
    write("prefecture/forces.ron", [
        GENERATED,
        "Forces: 1 000 response teams — 66 of each county at its seat and towns; the prefecture's own, aviation,",
        "military and mutual aid at the prefecture seat. Rates: Extrication = heavily trapped victims freed per",
        "hour, Medical = injured stabilised per hour, RoadClearing = clearance work-hours per hour.",
    ], forces_ron(teams, counties))
    write("prefecture/organisation.ron", [
        GENERATED,
        "Organisation: the prefecture HQ (the format's CountyHq), four specialised HQs, a command per county",
        "seat, per town and per village.",
    ] + FLATTENED[:1] + [
        "`city` is the County place; county commands are TownCommand nodes at the county seats, and each",
        "town's command reports to its county's command rather than to the top HQ.",
    ], organisation_ron(counties))
    quake = counties[QUAKE_COUNTY - 1]
    assert quake["name"] == "岷山县" and quake["mountains"] == "all"
    write("prefecture/hazards-quake.ron", [
        GENERATED,
        f"Hazards: an Ms 7.2 mainshock at 16 km depth under {quake['name']} ({quake['code']}), the mountainous county",
        "west of the prefecture seat, 10 minutes into the run (14:28).",
    ], "Hazards(\n    events: [\n"
       f"        Earthquake(id: \"mainshock\", name: {s('M7.2 ' + quake['name'] + '地震（主震）')},"
       f" x_km: {f(QUAKE_XY[0])}, y_km: {f(QUAKE_XY[1])}, magnitude: 7.2, depth_km: 16.0, time: \"10m\"),\n"
       "    ],\n)\n")
    description = (
        f"A magnitude 7.2 earthquake strikes at 14:28 under {quake['name']}, a mountainous county west of the seat "
        f"of a synthetic prefecture of 5 000 000 people on the western rim of the Sichuan basin ({PREFECTURE_NAME}: "
        "the prefecture seat, 10 counties of 20 towns and 200 villages each, ≈ 200 × 150 km). Mountain villages "
        "along river valleys are built mostly of unreinforced masonry and reached by single winding roads; the "
        "basin counties in the east are larger and better built. 1 000 teams: each county's fire-rescue, "
        "professional and volunteer teams, and the prefecture's own, aviation, military and mutual aid at its "
        "seat. The hierarchy is flattened by one level: the prefecture seat is the County place, county seats "
        "and towns are Town places. Figures as in the county scenario; model parameters are DOMAIN.md "
        "defaults. Generated by scenarios/tools/gen_prefecture.py."
    )
    write("prefecture-quake.ron", [
        GENERATED,
        "Scenario: the prefecture reference workload (DESIGN.md §7) — a daytime M7.2 quake, 7 days, the county",
        "default plan. Swap the plan with `--plan plans/do-nothing.ron` for a baseline.",
    ] + FLATTENED, "Scenario(\n"
       "    name: \"prefecture-quake\",\n"
       f"    description: {s(description)},\n"
       "    start_time: \"14:18\",\n"
       "    duration: \"7d\",\n"
       "    include: [\n"
       "        \"prefecture/region.ron\",\n"
       "        \"prefecture/facilities.ron\",\n"
       "        \"prefecture/forces.ron\",\n"
       "        \"prefecture/organisation.ron\",\n"
       "        \"prefecture/hazards-quake.ron\",\n"
       "        \"plans/county-default.ron\",\n"
       "    ],\n"
       ")\n")

    towns = [t for c in counties for t in c["towns"]]
    villages = [v for c in counties for v in c["villages"]]
    kinds = {}
    for t in teams:
        kinds[t["kind"]] = kinds.get(t["kind"], 0) + 1
    print(f"places: {len(places)} (1 prefecture seat, {len(counties)} county seats, {len(towns)} towns, "
          f"{len(villages)} villages); roads: {len(roads)} ({len(inter)} between counties)")
    print(f"population: city {city['population']}, county seats {sum(c['seat']['population'] for c in counties)}, "
          f"towns {sum(t['population'] for t in towns)}, villages {sum(v['population'] for v in villages)}, "
          f"total {sum(p['population'] for p in places)}")
    for c in counties:
        print(f"  {c['code']} {c['name']} ({c['mountains']}): seat {c['seat']['population']} at "
              f"({c['seat']['x']}, {c['seat']['y']}), total "
              f"{c['seat']['population'] + sum(t['population'] for t in c['towns']) + sum(v['population'] for v in c['villages'])}")
    print("facilities: " + ", ".join(f"{k} {len(v)}" for k, v in fac.items()))
    print("teams: " + ", ".join(f"{k} {n}" for k, n in kinds.items()) + f", total {len(teams)}")


if __name__ == "__main__":
    main()
