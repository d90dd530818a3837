#!/usr/bin/env python3
"""One-off generator for the map data embedded in the iop-chart crate.

Run (Python 3.11, standard library only), from the repository root:

    python3 crates/iop-chart/tools/simplify_map.py

(defaults: --src ../shared/reference beside the repository, --out the crate's
data/ folder; --help lists the tuning options).

It reads kommuner.geojson (290 kommuner) and lan.geojson (21 län), both WGS84
with properties kod/namn, plus lan.csv for the regions' names, and writes:

    data/kommuner.tsv   kod<TAB>namn<TAB>svg path   (290 rows)
    data/lan.tsv        kod<TAB>namn<TAB>region<TAB>svg path   (21 rows; region
                        names such as "Region Skåne" from lan.csv)
    data/insets.tsv     "#inset<TAB>name<TAB>box x y w h<TAB>window x y w h" lines,
                        each followed by kod<TAB>path rows: the Stockholm,
                        Göteborg and Malmö areas enlarged (clipped to the box)
    data/borders.tsv    one row: län borders and the outer outline as a single
                        stroke-only path (drawn over the kommun map)

Each file starts with a "#viewBox<TAB>0 0 W H" line. The output is committed;
the crate embeds it with include_str! and never reads ../shared at run time.

Steps:
 1. Project every vertex to SWEREF 99 TM (EPSG:3006, GRS80, central meridian
    15 E, k0 0.9996, false easting 500 000 m) with the Gauss-Krüger series.
 2. Build a topology: the kommun rings share identical vertices, so each ring
    is cut at junctions into arcs and every shared arc is stored once.
 3. Simplify each arc once (Visvalingam-Whyatt, effective area in m²), so
    neighbouring kommuner keep a common border and no gaps or overlaps appear.
 4. Drop small islands below an area threshold, but never a kommun's largest
    polygon.
 5. Quantise to integer coordinates (north up) and write compact relative
    path data ("M x y l dx dy ... z").
 6. Län are the dissolve of their kommuner over the same arcs (the reference
    lan.geojson is a dissolve of kommuner.geojson; its names are used), so the
    län map, the län borders and the kommun map line up exactly.
"""

import argparse
import csv
import heapq
import json
import math
import os
from collections import defaultdict

# ---------------------------------------------------------------- projection

A_AXIS = 6378137.0
FLAT = 1 / 298.257222101
LON0 = math.radians(15.0)
K0 = 0.9996
FALSE_E = 500000.0

_e2 = FLAT * (2 - FLAT)
_n = FLAT / (2 - FLAT)
_ahat = A_AXIS / (1 + _n) * (1 + _n**2 / 4 + _n**4 / 64)
_A = _e2
_B = (5 * _e2**2 - _e2**3) / 6
_C = (104 * _e2**3 - 45 * _e2**4) / 120
_D = 1237 * _e2**4 / 1260
_BETA = (
    _n / 2 - 2 * _n**2 / 3 + 5 * _n**3 / 16 + 41 * _n**4 / 180,
    13 * _n**2 / 48 - 3 * _n**3 / 5 + 557 * _n**4 / 1440,
    61 * _n**3 / 240 - 103 * _n**4 / 140,
    49561 * _n**4 / 161280,
)


def sweref99tm(lon, lat):
    """WGS84/ETRS89 degrees -> (easting, northing) in metres, EPSG:3006."""
    phi = math.radians(lat)
    s = math.sin(phi)
    phi_c = phi - s * math.cos(phi) * (_A + _B * s**2 + _C * s**4 + _D * s**6)
    dl = math.radians(lon) - LON0
    xi = math.atan(math.tan(phi_c) / math.cos(dl))
    eta = math.atanh(math.cos(phi_c) * math.sin(dl))
    north = xi
    east = eta
    for i, b in enumerate(_BETA, start=1):
        north += b * math.sin(2 * i * xi) * math.cosh(2 * i * eta)
        east += b * math.cos(2 * i * xi) * math.sinh(2 * i * eta)
    return FALSE_E + K0 * _ahat * east, K0 * _ahat * north


# ---------------------------------------------------------------- geometry


def ring_area(pts):
    """Signed shoelace area."""
    a = 0.0
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        a += x1 * y2 - x2 * y1
    return a / 2


def visvalingam(pts, min_area, keep_min):
    """Return indices of pts to keep (first and last always kept)."""
    n = len(pts)
    if n <= keep_min:
        return list(range(n))
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    alive = [True] * n

    def tri(i):
        (ax, ay), (bx, by), (cx, cy) = pts[prev[i]], pts[i], pts[nxt[i]]
        return abs((ax - cx) * (by - ay) - (ax - bx) * (cy - ay)) / 2

    heap = [(tri(i), i) for i in range(1, n - 1)]
    area = {i: a for a, i in heap}
    heapq.heapify(heap)
    remaining = n
    last = 0.0
    while heap and remaining > keep_min:
        a, i = heapq.heappop(heap)
        if not alive[i] or area.get(i) != a:
            continue
        # effective area never decreases (standard Visvalingam trick)
        a = max(a, last)
        if a >= min_area:
            break
        last = a
        alive[i] = False
        remaining -= 1
        p, q = prev[i], nxt[i]
        nxt[p], prev[q] = q, p
        for j in (p, q):
            if 0 < j < n - 1 and alive[j]:
                area[j] = tri(j)
                heapq.heappush(heap, (area[j], j))
    return [i for i in range(n) if alive[i]]


# ---------------------------------------------------------------- topology


class Topology:
    def __init__(self, rings):
        """rings: list of closed vertex lists (first != last), vertex = hashable key."""
        self.rings = rings
        neighbours = defaultdict(set)
        for r in rings:
            m = len(r)
            for i, v in enumerate(r):
                a, b = r[i - 1], r[(i + 1) % m]
                neighbours[v].add(frozenset((a, b)))
        self.junction = {v for v, s in neighbours.items() if len(s) > 1}
        self.arcs = []  # list of vertex lists
        self.index = {}  # (first, second, ..., key) -> arc id
        self.ring_arcs = []  # per ring: list of (arc id, reversed)
        for r in rings:
            self.ring_arcs.append(self._cut(r))

    def _arc_id(self, seq):
        key = tuple(seq)
        if key in self.index:
            return self.index[key], False
        rkey = tuple(reversed(seq))
        if rkey in self.index:
            return self.index[rkey], True
        self.index[key] = len(self.arcs)
        self.arcs.append(list(seq))
        return self.index[key], False

    def _cut(self, r):
        m = len(r)
        starts = [i for i, v in enumerate(r) if v in self.junction]
        if not starts:
            # isolated ring: rotate to a canonical start so both users agree
            i0 = min(range(m), key=lambda i: r[i])
            return [self._arc_id(r[i0:] + r[:i0] + [r[i0]])]
        out = []
        for k, s in enumerate(starts):
            e = starts[(k + 1) % len(starts)]
            if e > s:
                seq = r[s : e + 1]
            else:
                seq = r[s:] + r[: e + 1]
            out.append(self._arc_id(seq))
        return out


# ---------------------------------------------------------------- main


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["features"]


def polygons(feature):
    g = feature["geometry"]
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    out = []
    for p in polys:
        rings = []
        for r in p:
            r = [tuple(pt) for pt in r]
            if r[0] == r[-1]:
                r = r[:-1]
            rings.append(r)
        out.append(rings)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--src", default=os.path.join(here, "../../../../shared/reference"))
    ap.add_argument("--out", default=os.path.join(here, "../data"))
    ap.add_argument("--width", type=float, default=800.0, help="viewBox width")
    ap.add_argument("--tolerance", type=float, default=1.4,
                    help="Visvalingam threshold in square viewBox units")
    ap.add_argument("--min-island", type=float, default=16.0,
                    help="drop islands smaller than this, in square viewBox units")
    ap.add_argument("--margin", type=float, default=4.0)
    ap.add_argument("--inset-box", type=float, default=190.0,
                    help="side of each enlarged inset, in viewBox units")
    args = ap.parse_args()

    kom = load(os.path.join(args.src, "kommuner.geojson"))
    lan = load(os.path.join(args.src, "lan.geojson"))
    lan_names = {f["properties"]["kod"]: f["properties"]["namn"] for f in lan}
    with open(os.path.join(args.src, "lan.csv"), encoding="utf-8") as f:
        region_names = {r["lanskod"]: r["region"] for r in csv.DictReader(f)}
    assert set(region_names) == set(lan_names)
    assert len(kom) == 290, len(kom)
    assert len(lan_names) == 21, len(lan_names)

    proj = {}

    def p(v):
        if v not in proj:
            proj[v] = sweref99tm(*v)
        return proj[v]

    # kommun -> polygons -> rings (vertex keys are the original lon/lat tuples)
    kommuner = []
    all_rings = []
    for f in kom:
        kod, namn = f["properties"]["kod"], f["properties"]["namn"]
        assert kod[:2] in lan_names, kod
        polys = []
        for poly in polygons(f):
            ids = []
            for r in poly:
                ids.append(len(all_rings))
                all_rings.append(r)
            polys.append(ids)
        kommuner.append((kod, namn, polys))

    for r in all_rings:
        for v in r:
            p(v)
    xs = [x for x, _ in proj.values()]
    ys = [y for _, y in proj.values()]
    minx, maxx, miny, maxy = min(xs), max(xs), min(ys), max(ys)
    scale = (args.width - 2 * args.margin) / (maxx - minx)
    height = math.ceil((maxy - miny) * scale + 2 * args.margin)
    m2_per_unit2 = 1 / scale**2

    def main_xy(v):
        x, y = proj[v]
        return ((x - minx) * scale + args.margin, (maxy - y) * scale + args.margin)

    topo = Topology(all_rings)

    # Islands to drop: every polygon except the largest of each kommun whose
    # projected area is below the threshold.
    dropped = set()
    for kod, namn, polys in kommuner:
        areas = [abs(ring_area([p(v) for v in all_rings[ids[0]]])) for ids in polys]
        big = max(range(len(polys)), key=lambda i: areas[i])
        for i, ids in enumerate(polys):
            if i != big and areas[i] < args.min_island * m2_per_unit2:
                dropped.update(ids)

    def quantise(xy, unit_scale, tolerance, check=None):
        """Simplify every arc once and round it to integers in the grid that
        xy() maps to (unit_scale grid units per metre). check(ri) says which
        rings must survive with most of their area; their arcs are simplified
        less until they do. Returns ring_coords(ri) -> [(x, y), ...]."""
        tol = [tolerance / unit_scale**2] * len(topo.arcs)
        for _ in range(12):
            qarcs = []
            for a, t in zip(topo.arcs, tol):
                closed = a[0] == a[-1]
                keep = visvalingam([p(v) for v in a], t, 4 if closed else 2)
                out = []
                for i in keep:
                    x, y = xy(a[i])
                    c = (round(x), round(y))
                    if not out or out[-1] != c:
                        out.append(c)
                if len(out) == 1 and not closed:
                    out.append(out[0])
                qarcs.append(out)

            def ring_coords(ri, qarcs=qarcs):
                pts = []
                for aid, rev in topo.ring_arcs[ri]:
                    seq = qarcs[aid][::-1] if rev else qarcs[aid]
                    for c in seq:
                        if not pts or pts[-1] != c:
                            pts.append(c)
                if len(pts) > 1 and pts[0] == pts[-1]:
                    pts.pop()
                return pts

            bad = []
            for ri in range(len(all_rings)):
                if ri in dropped or (check and not check(ri)):
                    continue
                pts = ring_coords(ri)
                orig = abs(ring_area([p(v) for v in all_rings[ri]])) * unit_scale**2
                got = abs(ring_area(pts)) if len(pts) >= 3 else 0.0
                # a ring must survive and keep most of its area
                if len(pts) < 3 or got < 0.5 * orig or abs(got - orig) > max(0.35 * orig, 40):
                    bad.append(ri)
            if not bad:
                return qarcs, ring_coords
            for ri in bad:
                for aid, _ in topo.ring_arcs[ri]:
                    tol[aid] /= 4
        raise SystemExit(f"rings still degenerate: {bad}")

    qarcs, ring_coords = quantise(main_xy, scale, args.tolerance)

    def path(ring_ids):
        parts = []
        for ri in ring_ids:
            if ri in dropped:
                continue
            pts = ring_coords(ri)
            x0, y0 = pts[0]
            s = [f"M{x0} {y0}"]
            rel = []
            px, py = x0, y0
            for x, y in pts[1:]:
                rel.append((x - px, y - py))
                px, py = x, y
            if rel:
                s.append("l" + "".join(fmt_pair(dx, dy) for dx, dy in rel).lstrip(" "))
            s.append("z")
            parts.append("".join(s))
        return "".join(parts)

    os.makedirs(args.out, exist_ok=True)
    header = f"#viewBox\t0 0 {int(args.width)} {height}\n"

    rows = []
    for kod, namn, polys in kommuner:
        rows.append(f"{kod}\t{namn}\t{path([ri for ids in polys for ri in ids])}\n")
    write(os.path.join(args.out, "kommuner.tsv"), header + "".join(sorted(rows)))

    # Län: dissolve kommun rings over the shared arcs. Directed arc uses that
    # cancel within a län are internal borders.
    lan_rings = defaultdict(list)
    arc_owners = defaultdict(set)  # arc -> set of län using it (for borders)
    arc_users = defaultdict(int)
    for kod, namn, polys in kommuner:
        for ids in polys:
            for ri in ids:
                if ri in dropped:
                    continue
                lan_rings[kod[:2]].append(ri)
                for aid, rev in topo.ring_arcs[ri]:
                    arc_owners[aid].add(kod[:2])
                    arc_users[aid] += 1

    def chain(directed):
        """Chain directed quantised point lists into closed rings."""
        by_start = defaultdict(list)
        for seq in directed:
            by_start[seq[0]].append(seq)
        for k in by_start:
            by_start[k].sort()
        used = set()
        rings = []
        order = sorted(range(len(directed)), key=lambda i: directed[i])
        for i in order:
            seq = directed[i]
            if id(seq) in used:
                continue
            used.add(id(seq))
            ring = list(seq)
            while ring[-1] != ring[0]:
                nxt = next((c for c in by_start[ring[-1]] if id(c) not in used), None)
                if nxt is None:
                    raise SystemExit("open län ring")
                used.add(id(nxt))
                ring.extend(nxt[1:])
            ring.pop()
            if len(ring) >= 3:
                rings.append(ring)
        return rings

    def path_pts(rings):
        out = []
        for pts in rings:
            x0, y0 = pts[0]
            rel = []
            px, py = x0, y0
            for x, y in pts[1:]:
                if (x, y) != (px, py):
                    rel.append((x - px, y - py))
                px, py = x, y
            out.append(f"M{x0} {y0}l" + "".join(fmt_pair(dx, dy) for dx, dy in rel).lstrip(" ") + "z")
        return "".join(out)

    rows = []
    for lk in sorted(lan_names):
        uses = defaultdict(int)
        for ri in lan_rings[lk]:
            for aid, rev in topo.ring_arcs[ri]:
                uses[(aid, rev)] += 1
        directed = []
        for (aid, rev), n in uses.items():
            if (aid, not rev) in uses:
                continue  # internal border between two kommuner of this län
            seq = qarcs[aid][::-1] if rev else qarcs[aid]
            if len(seq) >= 2:
                directed.append(seq)
        rows.append(f"{lk}\t{lan_names[lk]}\t{region_names[lk]}\t{path_pts(chain(directed))}\n")
    write(os.path.join(args.out, "lan.tsv"), header + "".join(rows))

    # Borders: arcs between two län, or on the outline (used once).
    segs = []
    for aid in sorted(arc_owners):
        if len(arc_owners[aid]) > 1 or arc_users[aid] == 1:
            seq = qarcs[aid]
            if len(seq) >= 2:
                segs.append(seq)
    border = []
    for seq in segs:
        x0, y0 = seq[0]
        rel = [(b[0] - a[0], b[1] - a[1]) for a, b in zip(seq, seq[1:])]
        border.append(f"M{x0} {y0}l" + "".join(fmt_pair(dx, dy) for dx, dy in rel).lstrip(" "))
    write(os.path.join(args.out, "borders.tsv"), header + "borders\t\t" + "".join(border) + "\n")

    # Insets: the three metropolitan areas enlarged in the empty sea east of
    # the southern half, each simplified and rounded at its own zoom.
    insets = []
    box = args.inset_box
    next_top = 0
    for name, lon, lat, km in INSETS:
        cx, cy = main_xy_lonlat(lon, lat, proj_fn=sweref99tm, minx=minx, maxy=maxy,
                                scale=scale, margin=args.margin)
        half = km * 1000 * scale / 2
        window = (cx - half, cy - half, 2 * half, 2 * half)
        top = max(cy - box / 2, next_top + INSET_TITLE)
        top = min(top, height - 4 - box)
        next_top = top + box
        bx, by = args.width - args.margin - box, top
        zoom = box / window[2]

        def xy(v, window=window, bx=bx, by=by, zoom=zoom):
            x, y = main_xy(v)
            return (bx + (x - window[0]) * zoom, by + (y - window[1]) * zoom)

        rect = (bx, by, bx + box, by + box)
        # rings near the window, by their main-grid bounding box
        near = set()
        for ri, r in enumerate(all_rings):
            xs_, ys_ = zip(*(main_xy(v) for v in r))
            if (max(xs_) >= window[0] and min(xs_) <= window[0] + window[2]
                    and max(ys_) >= window[1] and min(ys_) <= window[1] + window[3]):
                near.add(ri)
        _, inset_ring = quantise(xy, scale * zoom, args.tolerance, check=lambda ri: ri in near)
        rows = []
        for kod, namn, polys in kommuner:
            rings = []
            for ids in polys:
                for ri in ids:
                    if ri in dropped or ri not in near:
                        continue
                    clipped = clip(inset_ring(ri), rect)
                    if len(clipped) >= 3 and abs(ring_area(clipped)) > 0.5:
                        rings.append(clipped)
            if rings:
                rows.append(f"{kod}\t{path_pts(rings)}\n")
        insets.append(
            f"#inset\t{name}\t{bx:.0f} {by:.0f} {box:.0f} {box:.0f}\t"
            f"{window[0]:.1f} {window[1]:.1f} {window[2]:.1f} {window[3]:.1f}\n" + "".join(rows)
        )
    write(os.path.join(args.out, "insets.tsv"), header + "".join(insets))

    npts = sum(len(a) for a in qarcs)
    print(f"viewBox 0 0 {int(args.width)} {height}; scale {1/scale:.0f} m/unit; "
          f"{len(topo.arcs)} arcs, {npts} points after simplification "
          f"(from {sum(len(r) for r in all_rings)}); dropped {len(dropped)} island rings")


# Enlarged areas: name, centre (lon, lat) and the window's side in km.
INSETS = [
    ("Stockholm", 18.02, 59.33, 40),
    ("Göteborg", 12.02, 57.70, 40),
    ("Malmö–Lund", 13.08, 55.62, 40),
]
INSET_TITLE = 34  # room above each inset for its title


def main_xy_lonlat(lon, lat, proj_fn, minx, maxy, scale, margin):
    x, y = proj_fn(lon, lat)
    return ((x - minx) * scale + margin, (maxy - y) * scale + margin)


def clip(pts, rect):
    """Sutherland-Hodgman: clip a polygon to an axis-aligned rectangle and
    round the result to integers."""
    x0, y0, x1, y1 = rect
    edges = [
        (lambda p: p[0] >= x0, lambda a, b: (x0, a[1] + (b[1] - a[1]) * (x0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= x1, lambda a, b: (x1, a[1] + (b[1] - a[1]) * (x1 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= y0, lambda a, b: (a[0] + (b[0] - a[0]) * (y0 - a[1]) / (b[1] - a[1]), y0)),
        (lambda p: p[1] <= y1, lambda a, b: (a[0] + (b[0] - a[0]) * (y1 - a[1]) / (b[1] - a[1]), y1)),
    ]
    out = list(pts)
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        for i, cur in enumerate(src):
            prev = src[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cut(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cut(prev, cur))
    res = []
    for x, y in out:
        c = (round(x), round(y))
        if not res or res[-1] != c:
            res.append(c)
    if len(res) > 1 and res[0] == res[-1]:
        res.pop()
    return res


def fmt_pair(dx, dy):
    # Compact: a minus sign doubles as separator.
    sx = f" {dx}" if dx >= 0 else f"{dx}"
    sy = f" {dy}" if dy >= 0 else f"{dy}"
    return sx + sy


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {path}: {len(text.encode())} bytes")


if __name__ == "__main__":
    main()
