"""Seeded generator of the sample exports (screenings, attendance, agreements, targets, films, releases, cities).

Run from the repository root::

    python -m cinecoop.samplegen --out data                      # the committed sample
    python -m cinecoop.samplegen --out /tmp/bench --screenings 1_000_000 --seed 7

Without ``--screenings`` it writes the committed sample: a few thousand screening
rows of the seven programmes between 2022-01-01 and 2026-10-31, about three
attendance rows per screening, the agreements and the targets. With
``--screenings N`` it writes exactly N screening rows of the same shape for
benchmarks, in chunks of a million rows, so memory stays flat (large sets skip
the de-duplication of film/venue/day that the sample gets). Every run also
writes ``<out>/reference/cities.csv`` from the ``CITIES`` constant, so a
generated folder can be mapped on its own; ``reference/countries.csv`` is not
written here.

Output is byte-identical for the same seed and size: every random draw comes
from numpy Generators spawned from one SeedSequence of ``--seed`` (the film
catalogue and the programme plan do not depend on the size), and nothing
depends on set ordering or on the clock. The committed sample is valid under the data contract: it has no
rejected rows, but it keeps the warnings a real export has (a few screenings
with admissions above seats, about 1% of screenings without attendance rows, a
few agreements past their end_date while still open on 2026-11-26). Iranian
venues whose ticketing exports Solar Hijri dates write ``YYYY/MM/DD`` and some
Russian venues write ``DD.MM.YYYY``; all digits are Latin.

It also holds what real sources bring (data contract sections 7 to 9):
``films.csv`` lists the catalogue under its titles in Persian, Russian and
English, and Russian and Iranian ticketing systems export some films under
those other spellings (Russian ones drop the ё, one Iranian venue types on an
Arabic keyboard), so one film has several titles; a few films are not in
films.csv yet and an older namesake makes one Russian title ambiguous. The
first Eurasian Film Academy edition is a press line-up without attendance,
Iranian television's audience is not measured and some guest lists were not
counted (blank admissions: unknown, not zero). ``releases/distribution.csv``
is a part of the releases table: the Regular distribution programme's cinema
runs as the national registers record them (box office in RUB and IRR) beside
the rest of each market. Every table has a ``source`` column (screenings:
ticketing export or press line-up).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cinecoop import schema

DEFAULT_SEED = 20251
FIRST_DAY = dt.date(2022, 1, 1)
LAST_DAY = dt.date(2026, 10, 31)
N_DAYS = (LAST_DAY - FIRST_DAY).days + 1
CHUNK_ROWS = 1_000_000
# Large (benchmark) sets are skewed like real box office: films drawn by a Zipf law of this exponent over the catalogue,
# a leg's first venues taking most runs, and each programme's editions weighted so that a few programmes take most rows.
ZIPF_EXPONENT = 1.0
# Names the shape of large sets, so a benchmark folder written with another shape is written again.
DISTRIBUTION = f"zipf {ZIPF_EXPONENT:g}, programme weights v1"

SCREENING_COLUMNS = (
    "screening_id",
    "screening_date",
    "program",
    "event",
    "film_title",
    "film_country",
    "genre",
    "host_country",
    "city",
    "venue",
    "format",
    "seats",
    "sessions",
    "source",
)
ATTENDANCE_COLUMNS = ("screening_id", "ticket_type", "admissions", "gross", "currency")
# The tables the sample writes in full take their header from the contract; screenings and attendance leave out the
# optional columns the sample never fills (film_id; attendance's source).
AGREEMENT_COLUMNS = schema.AGREEMENTS.names
TARGET_COLUMNS = schema.TARGETS.names
FILM_COLUMNS = schema.FILMS.names
RELEASE_COLUMNS = schema.RELEASES.names
# Where the sample's rows say they come from (the source column of every table).
SCREENING_SOURCES = ("ticketing export", "press line-up")
AGREEMENTS_SOURCE = "cooperation office register"
TARGETS_SOURCE = "leadership plan"
FILMS_SOURCE = "film catalogue"
RELEASE_SOURCES = {"RU": "box office register of Russia (sample)", "IR": "box office register of Iran (sample)"}

RFD = "Russian Film Days in Iran"
IFW = "Iranian Film Week in Russia"
CASPIAN = "Caspian Film Program"
SCO = "SCO Filmmakers Working Group"
EFA = "Eurasian Film Academy"
ANIMATION = "Iran-Russia Animation Exchange"
DISTRIBUTION = "Regular distribution"
PROGRAMS = (RFD, IFW, CASPIAN, SCO, EFA, ANIMATION, DISTRIBUTION)
# How much each programme's editions weigh in a large set: commercial distribution's daily rows dominate real box office.
PROGRAM_WEIGHTS = {DISTRIBUTION: 1.0, IFW: 0.6, RFD: 0.5, ANIMATION: 0.3, SCO: 0.25, CASPIAN: 0.2, EFA: 0.12}

FORMATS = ("cinema", "festival", "open-air", "online", "on-board", "tv")
CINEMA, FESTIVAL, OPEN_AIR, ONLINE, ON_BOARD, TV = range(len(FORMATS))
# The kind of venue each format takes place in.
_VENUE_KIND = {CINEMA: "hall", FESTIVAL: "hall", OPEN_AIR: "open-air", ONLINE: "online", ON_BOARD: "on-board", TV: "tv"}

TICKET_TYPES = ("paid", "student", "invited", "online")
PAID, STUDENT, INVITED, ONLINE_TICKET = range(len(TICKET_TYPES))

GENRES = ("drama", "comedy", "documentary", "animation", "family", "history", "war", "thriller")

ON_BOARD_CITY = "Caspian Sea (on board)"


class City(NamedTuple):
    city: str
    country: str
    lat: float
    lon: float


# Every place a screening can happen. The ship's "city" exists once per host
# country, so cities are keyed by (city, country).
CITIES: tuple[City, ...] = (
    City("Tehran", "IR", 35.6892, 51.3890),
    City("Isfahan", "IR", 32.6546, 51.6680),
    City("Mashhad", "IR", 36.2605, 59.6168),
    City("Shiraz", "IR", 29.5918, 52.5837),
    City("Tabriz", "IR", 38.0800, 46.2919),
    City("Rasht", "IR", 37.2808, 49.5832),
    City("Bandar Anzali", "IR", 37.4727, 49.4622),
    City("Moscow", "RU", 55.7558, 37.6173),
    City("Saint Petersburg", "RU", 59.9343, 30.3351),
    City("Kazan", "RU", 55.7963, 49.1088),
    City("Yekaterinburg", "RU", 56.8389, 60.6057),
    City("Nizhny Novgorod", "RU", 56.2965, 43.9361),
    City("Novosibirsk", "RU", 55.0084, 82.9357),
    City("Sochi", "RU", 43.5855, 39.7231),
    City("Astrakhan", "RU", 46.3497, 48.0408),
    City("Makhachkala", "RU", 42.9849, 47.5047),
    City("Baku", "AZ", 40.4093, 49.8671),
    City("Aktau", "KZ", 43.6532, 51.1975),
    City("Almaty", "KZ", 43.2220, 76.8512),
    City("Astana", "KZ", 51.1605, 71.4704),
    City("Turkmenbashi", "TM", 40.0225, 52.9552),
    City("Ashgabat", "TM", 37.9601, 58.3261),
    City("Beijing", "CN", 39.9042, 116.4074),
    City("Qingdao", "CN", 36.0671, 120.3826),
    City("Shanghai", "CN", 31.2304, 121.4737),
    City("New Delhi", "IN", 28.6139, 77.2090),
    City("Mumbai", "IN", 19.0760, 72.8777),
    City("Bishkek", "KG", 42.8746, 74.5698),
    City("Islamabad", "PK", 33.6844, 73.0479),
    City("Dushanbe", "TJ", 38.5598, 68.7870),
    City("Tashkent", "UZ", 41.2995, 69.2401),
    City("Samarkand", "UZ", 39.6270, 66.9750),
    City("Minsk", "BY", 53.9006, 27.5590),
    City("Yerevan", "AM", 40.1792, 44.4991),
    City(ON_BOARD_CITY, "RU", 41.5000, 50.5000),
    City(ON_BOARD_CITY, "IR", 41.5000, 50.5000),
)

# How a venue's ticketing system writes dates.
ISO, JALALI, DMY = range(3)


class Venue(NamedTuple):
    name: str
    city: str
    country: str
    kind: str  # hall, open-air, online, tv, on-board
    date_style: int


VENUES: tuple[Venue, ...] = (
    Venue("Charsou Cineplex", "Tehran", "IR", "hall", JALALI),
    Venue("Kourosh Cineplex", "Tehran", "IR", "hall", ISO),
    Venue("Azadi Cinema", "Tehran", "IR", "hall", ISO),
    Venue("Mellat Cinema Campus", "Tehran", "IR", "hall", JALALI),
    Venue("Iran Mall Cineplex", "Tehran", "IR", "hall", ISO),
    Venue("Mellat Park Open-Air Cinema", "Tehran", "IR", "open-air", ISO),
    Venue("Filimo (online)", "Tehran", "IR", "online", JALALI),
    Venue("Namava (online)", "Tehran", "IR", "online", ISO),
    Venue("IRIB TV4", "Tehran", "IR", "tv", ISO),
    Venue("Sepahan Cinema", "Isfahan", "IR", "hall", ISO),
    Venue("Isfahan City Center Cineplex", "Isfahan", "IR", "hall", JALALI),
    Venue("Hoveyzeh Cineplex", "Mashhad", "IR", "hall", JALALI),
    Venue("Kian Center Cinema", "Mashhad", "IR", "hall", ISO),
    Venue("Hafez Cinema", "Shiraz", "IR", "hall", ISO),
    Venue("Persian Gulf Complex Cinema", "Shiraz", "IR", "hall", ISO),
    Venue("Laleh Park Cineplex", "Tabriz", "IR", "hall", ISO),
    Venue("Shahriar Cinema", "Tabriz", "IR", "hall", JALALI),
    Venue("Golsar Cinema", "Rasht", "IR", "hall", ISO),
    Venue("Rasht Farhang Cinema", "Rasht", "IR", "hall", ISO),
    Venue("Anzali Lagoon Open-Air Stage", "Bandar Anzali", "IR", "open-air", ISO),
    Venue("Anzali Free Zone Cinema", "Bandar Anzali", "IR", "hall", ISO),
    Venue("Karo 11 Oktyabr", "Moscow", "RU", "hall", ISO),
    Venue("Dom Kino", "Moscow", "RU", "hall", DMY),
    Venue("Moskino Kosmos", "Moscow", "RU", "hall", ISO),
    Venue("Illuzion Cinema", "Moscow", "RU", "hall", DMY),
    Venue("Formula Kino Horizon", "Moscow", "RU", "hall", ISO),
    Venue("Gorky Park Open-Air Cinema", "Moscow", "RU", "open-air", ISO),
    Venue("Kinopoisk (online)", "Moscow", "RU", "online", ISO),
    Venue("Okko (online)", "Moscow", "RU", "online", ISO),
    Venue("Rossiya K (Kultura)", "Moscow", "RU", "tv", DMY),
    Venue("Kinoteatr Rodina", "Saint Petersburg", "RU", "hall", DMY),
    Venue("Kinoteatr Avrora", "Saint Petersburg", "RU", "hall", ISO),
    Venue("Dom Kino Saint Petersburg", "Saint Petersburg", "RU", "hall", ISO),
    Venue("Kinoteatr Mir", "Kazan", "RU", "hall", DMY),
    Venue("Kinomax Tandem", "Kazan", "RU", "hall", ISO),
    Venue("Kinoteatr Salyut", "Yekaterinburg", "RU", "hall", ISO),
    Venue("Kolizey Cinema", "Yekaterinburg", "RU", "hall", DMY),
    Venue("Kinoteatr Orlyonok", "Nizhny Novgorod", "RU", "hall", ISO),
    Venue("Kinoteatr Pobeda", "Novosibirsk", "RU", "hall", DMY),
    Venue("Zimniy Teatr", "Sochi", "RU", "hall", ISO),
    Venue("Kinoteatr Oktyabr Astrakhan", "Astrakhan", "RU", "hall", DMY),
    Venue("Astrakhan Kremlin Open-Air", "Astrakhan", "RU", "open-air", ISO),
    Venue("Rossiya Cinema Makhachkala", "Makhachkala", "RU", "hall", ISO),
    Venue("Makhachkala Embankment Open-Air", "Makhachkala", "RU", "open-air", ISO),
    Venue("Nizami Cinema Centre", "Baku", "AZ", "hall", ISO),
    Venue("CinemaPlus 28 Mall", "Baku", "AZ", "hall", ISO),
    Venue("Baku Seaside Boulevard Open-Air", "Baku", "AZ", "open-air", ISO),
    Venue("Kinopark Aktau", "Aktau", "KZ", "hall", ISO),
    Venue("Aktau Seaside Open-Air", "Aktau", "KZ", "open-air", ISO),
    Venue("Kinopark 11 Esentai", "Almaty", "KZ", "hall", ISO),
    Venue("Arman Cinema", "Almaty", "KZ", "hall", ISO),
    Venue("Chaplin Khan Shatyr", "Astana", "KZ", "hall", ISO),
    Venue("Avaza Open-Air Stage", "Turkmenbashi", "TM", "open-air", ISO),
    Venue("Turkmenbashi Cultural Centre", "Turkmenbashi", "TM", "hall", ISO),
    Venue("Ashgabat Cinema", "Ashgabat", "TM", "hall", ISO),
    Venue("China Film Archive Art Cinema", "Beijing", "CN", "hall", ISO),
    Venue("Oriental Movie Metropolis Theatre", "Qingdao", "CN", "hall", ISO),
    Venue("Shanghai Film Art Centre", "Shanghai", "CN", "hall", ISO),
    Venue("Siri Fort Auditorium", "New Delhi", "IN", "hall", ISO),
    Venue("NFDC Auditorium Mumbai", "Mumbai", "IN", "hall", ISO),
    Venue("Ala-Too Cinema", "Bishkek", "KG", "hall", ISO),
    Venue("Kinoteatr Manas", "Bishkek", "KG", "hall", ISO),
    Venue("Pakistan National Council of the Arts Cinema", "Islamabad", "PK", "hall", ISO),
    Venue("Kinoteatr Vatan", "Dushanbe", "TJ", "hall", ISO),
    Venue("Dom Kino Tashkent", "Tashkent", "UZ", "hall", ISO),
    Venue("Magic Cinema Tashkent", "Tashkent", "UZ", "hall", ISO),
    Venue("Registan Open-Air Stage", "Samarkand", "UZ", "open-air", ISO),
    Venue("Kinoteatr Tsentralny", "Minsk", "BY", "hall", ISO),
    Venue("Kinoteatr Pobeda Minsk", "Minsk", "BY", "hall", ISO),
    Venue("Moscow Cinema Yerevan", "Yerevan", "AM", "hall", ISO),
    Venue("Nairi Cinema", "Yerevan", "AM", "hall", ISO),
    Venue("MV Kaspiy screening deck", ON_BOARD_CITY, "RU", "on-board", ISO),
    Venue("MV Anzali Star screening deck", ON_BOARD_CITY, "IR", "on-board", JALALI),
)


class Currency(NamedTuple):
    code: str
    low: float  # ticket price range in 2022, local currency
    high: float
    step: float  # prices are rounded to this
    inflation: float  # yearly price growth


CURRENCIES: tuple[Currency, ...] = (
    Currency("IRR", 1_500_000, 2_200_000, 50_000, 1.08),
    Currency("RUB", 250, 450, 10, 1.08),
    Currency("KZT", 1_500, 2_500, 100, 1.08),
    Currency("AZN", 6, 10, 0.5, 1.04),
    Currency("TMT", 20, 40, 1, 1.0),
    Currency("CNY", 35, 70, 5, 1.02),
    Currency("INR", 150, 350, 10, 1.05),
    Currency("BYN", 8, 15, 0.5, 1.06),
    Currency("KGS", 250, 450, 10, 1.06),
    Currency("UZS", 30_000, 55_000, 1_000, 1.08),
    Currency("TJS", 20, 40, 1, 1.05),
    Currency("PKR", 800, 1_500, 50, 1.10),
    Currency("AMD", 2_000, 3_500, 100, 1.04),
    Currency("USD", 5, 12, 0.25, 1.03),
)
_CURRENCY_OF_COUNTRY = {
    "IR": "IRR",
    "RU": "RUB",
    "KZ": "KZT",
    "AZ": "AZN",
    "TM": "TMT",
    "CN": "CNY",
    "IN": "INR",
    "BY": "BYN",
    "KG": "KGS",
    "UZ": "UZS",
    "TJ": "TJS",
    "PK": "PKR",
    "AM": "AMD",
}
_USD = len(CURRENCIES) - 1

SCO_MEMBERS = ("CN", "IN", "IR", "KZ", "KG", "PK", "RU", "TJ", "UZ", "BY")
CASPIAN_STATES = ("AZ", "IR", "KZ", "RU", "TM")


# ---------------------------------------------------------------------------
# Film catalogue


class Film(NamedTuple):
    title: str
    countries: tuple[str, ...]
    genre: str
    year: int
    popularity: float


# (production countries, number of films, genre weights in GENRES order)
_FILM_MIX: tuple[tuple[tuple[str, ...], int, tuple[int, ...]], ...] = (
    (("IR",), 50, (30, 10, 12, 8, 12, 10, 10, 8)),
    (("RU",), 55, (22, 14, 8, 10, 10, 12, 14, 10)),
    (("IR", "RU"), 14, (25, 0, 18, 35, 5, 17, 0, 0)),
    (("RU", "KZ"), 3, (40, 10, 0, 20, 10, 20, 0, 0)),
    (("RU", "BY"), 3, (30, 0, 0, 0, 0, 30, 40, 0)),
    (("IR", "TJ"), 2, (60, 0, 20, 0, 0, 20, 0, 0)),
    (("KZ",), 12, (30, 15, 10, 12, 10, 15, 0, 8)),
    (("AZ",), 8, (35, 15, 15, 12, 10, 13, 0, 0)),
    (("TM",), 5, (40, 0, 20, 20, 20, 0, 0, 0)),
    (("CN",), 10, (30, 15, 5, 15, 10, 10, 5, 10)),
    (("IN",), 10, (35, 25, 5, 5, 15, 5, 0, 10)),
    (("BY",), 7, (30, 10, 15, 10, 5, 10, 20, 0)),
    (("KG",), 6, (40, 10, 20, 10, 20, 0, 0, 0)),
    (("TJ",), 5, (45, 10, 25, 0, 20, 0, 0, 0)),
    (("UZ",), 7, (35, 25, 10, 5, 15, 10, 0, 0)),
    (("PK",), 5, (45, 25, 0, 0, 15, 15, 0, 0)),
    (("AM",), 6, (45, 10, 20, 10, 0, 15, 0, 0)),
)

_PLACES = {
    "persian": (
        "Kashan", "Yazd", "Gilan", "Kerman", "Hormuz", "Alborz", "Khorasan",
        "Zagros", "Qeshm", "Ardabil", "Abadan", "Bushehr", "Tabas", "Masuleh",
    ),
    "russian": (
        "the Volga", "Baikal", "Murmansk", "the Urals", "Kamchatka", "Ladoga",
        "Altai", "Onega", "the Don", "Pskov", "Kolyma", "Tobolsk", "Vologda",
    ),
    "caspian": (
        "Absheron", "Mangystau", "Karakum", "Sheki", "Lankaran", "Balkan",
        "Avaza", "Aral", "Issyk-Kul", "Fergana", "Khiva", "Bukhara", "Shamakhi",
    ),
    "asian": (
        "the Yellow River", "Kunlun", "Kerala", "Lahore", "Ararat", "Sevan",
        "Hunza", "Gilgit", "Dilijan", "Sichuan", "Goa", "Pamir", "Yunnan",
    ),
}  # fmt: skip
_FAMILY_OF = {
    "IR": "persian", "TJ": "persian", "RU": "russian", "BY": "russian",
    "KZ": "caspian", "AZ": "caspian", "TM": "caspian", "KG": "caspian", "UZ": "caspian",
    "CN": "asian", "IN": "asian", "PK": "asian", "AM": "asian",
}  # fmt: skip
# Transliterated original titles, used before any made-up English title.
_TRANSLITERATED = {
    "persian": (
        "Shab-e Sheshom", "Baran-e Akhar", "Koocheh-ye Narenj", "Darya-ye Sabz",
        "Parandeh-ye Kouchak", "Safar be Khazar", "Nan va Namak", "Zemestan-e Tabriz",
        "Ayeneh-ye Shekasteh", "Setareh-ye Shomal", "Bagh-e Anar", "Asb-e Sefid",
    ),
    "russian": (
        "Posledniy Rubezh", "Zimniy Put", "Doroga na Sever", "Svet Mayaka",
        "Tikhaya Gavan", "Dom u Reki", "Vtoroe Dykhanie", "Kaspiyskiy Veter",
        "Nebo nad Volgoy", "Sineye Ozero", "Lyod i Plamya", "Staraya Pristan",
    ),
    "caspian": ("Kuz Kalyn", "Sary Arka Zhuldyzy", "Ak Bulut", "Gyzyl Gum", "Oguz Yoly"),
    "asian": ("Dil Ki Awaaz", "Chang Jiang Ren", "Hayrenik", "Sapnon Ka Shahar"),
}  # fmt: skip
_ADJECTIVES = (
    "Silent", "Last", "Distant", "Hidden", "Long", "Second", "Quiet", "Broken",
    "Northern", "Golden", "Forgotten", "Endless", "Crimson", "Frozen", "Bright",
)  # fmt: skip
_NOUNS = (
    "Orchard", "Lantern", "Caravan", "Nightingale", "Bridge", "Lighthouse", "Ferry",
    "Harvest", "Letter", "Teacher", "Border", "Falcon", "Mirror", "Tailor", "Station",
    "Icebreaker", "Orchestra", "Winter", "Garden", "Well", "Carpet", "Shore", "Road",
)  # fmt: skip
_ANIMALS = (
    "Hedgehog", "Fox", "Snow Leopard", "Simorgh", "Bear Cub", "Crane", "Seal",
    "Falcon", "Camel", "Sturgeon", "Hoopoe", "Gazelle", "Firebird", "Flamingo",
)  # fmt: skip
_ANIMAL_ADJECTIVES = ("Brave", "Little", "Clever", "Curious", "Sleepy", "Flying", "Lost", "Tiny")
_CRAFTS = ("Weaver", "Potter", "Fisherman", "Shepherd", "Bookbinder", "Ferryman", "Beekeeper", "Blacksmith")
_NAMES = ("Leila", "Reza", "Maryam", "Sasha", "Vera", "Mitya", "Aigerim", "Timur", "Nodira", "Arman", "Darya", "Yusuf")


def _title(rng: np.random.Generator, genre: str, places: tuple[str, ...]) -> str:
    def pick(words: tuple[str, ...]) -> str:
        return words[int(rng.integers(len(words)))]

    place = pick(places)
    if genre in ("animation", "family"):
        options = (
            f"The {pick(_ANIMAL_ADJECTIVES)} {pick(_ANIMALS)}",
            f"The {pick(_ANIMALS)} of {place}",
            f"{pick(_NAMES)} and the {pick(_ANIMALS)}",
        )
    elif genre == "documentary":
        options = (f"Voices of {place}", f"The Last {pick(_CRAFTS)} of {place}", f"{place} Diaries")
    elif genre in ("history", "war"):
        options = (f"The Siege of {place}", f"{place} {int(rng.integers(1900, 1990))}", f"The {pick(_NOUNS)} of {place}")
    elif genre == "thriller":
        options = (f"Night Train to {place}", f"The {place} Affair", f"The {pick(_ADJECTIVES)} {pick(_NOUNS)}")
    elif genre == "comedy":
        options = (f"Wedding in {place}", f"My Uncle's {pick(_NOUNS)}", f"A {pick(_NOUNS)} for {pick(_NAMES)}")
    else:
        options = (f"The {pick(_ADJECTIVES)} {pick(_NOUNS)}", f"The {pick(_NOUNS)} of {place}", f"A {pick(_NOUNS)} for {pick(_NAMES)}")
    return pick(options)


# Production years 2016-2026, recent years more common.
_YEAR_WEIGHTS = np.array([4, 5, 6, 7, 9, 10, 11, 12, 13, 12, 11], dtype=float) / 100.0


def build_films(rng: np.random.Generator) -> list[Film]:
    """The fixed film catalogue: each title has one set of countries, one genre and a year."""
    films: list[Film] = []
    used: set[str] = set()
    translit_next = {family: 0 for family in _TRANSLITERATED}
    for countries, count, weights in _FILM_MIX:
        family = _FAMILY_OF[countries[0]]
        places = _PLACES[family]
        if len(countries) > 1:
            places = places + _PLACES[_FAMILY_OF[countries[1]]]
        probabilities = np.array(weights, dtype=float) / sum(weights)
        genres = [GENRES[int(g)] for g in rng.choice(len(GENRES), size=count, p=probabilities)]
        if weights[GENRES.index("animation")] and "animation" not in genres:
            genres[0] = "animation"
        years = rng.choice(np.arange(2016, 2027), size=count, p=_YEAR_WEIGHTS)
        popularity = rng.lognormal(0.0, 0.5, size=count)
        for genre, year, weight in zip(genres, years, popularity, strict=True):
            fixed = _TRANSLITERATED[family]
            if genre == "drama" and len(countries) == 1 and translit_next[family] < len(fixed):
                title = fixed[translit_next[family]]
                translit_next[family] += 1
            else:
                title = _title(rng, genre, places)
                while title in used:
                    title = _title(rng, genre, places)
            used.add(title)
            films.append(Film(title, countries, genre, int(year), round(float(weight), 4)))
    return films


# ---------------------------------------------------------------------------
# One film, many titles: the transliterated titles above in Persian or Russian script, in English, and in the other
# country's language, as the two sides' ticketing systems export them (films.csv lists them all).

# transliterated title: (Persian, English, Russian)
_TRANSLATIONS: dict[str, tuple[str, str, str]] = {
    "Shab-e Sheshom": ("شب ششم", "The Sixth Night", "Шестая ночь"),
    "Baran-e Akhar": ("باران آخر", "The Last Rain", "Последний дождь"),
    "Koocheh-ye Narenj": ("کوچه نارنج", "Orange Alley", "Апельсиновый переулок"),
    "Darya-ye Sabz": ("دریای سبز", "The Green Sea", "Зелёное море"),
    "Parandeh-ye Kouchak": ("پرنده کوچک", "The Little Bird", "Маленькая птица"),
    "Safar be Khazar": ("سفر به خزر", "Journey to the Caspian", "Путешествие на Каспий"),
    "Nan va Namak": ("نان و نمک", "Bread and Salt", "Хлеб и соль"),
    "Zemestan-e Tabriz": ("زمستان تبریز", "Tabriz Winter", "Тебризская зима"),
    "Ayeneh-ye Shekasteh": ("آینه شکسته", "The Broken Mirror", "Разбитое зеркало"),
    "Setareh-ye Shomal": ("ستاره شمال", "The North Star", "Северная звезда"),
    "Bagh-e Anar": ("باغ انار", "The Pomegranate Garden", "Гранатовый сад"),
    "Asb-e Sefid": ("اسب سفید", "The White Horse", "Белая лошадь"),
    "Posledniy Rubezh": ("آخرین مرز", "The Last Frontier", "Последний рубеж"),
    "Zimniy Put": ("راه زمستانی", "Winter Road", "Зимний путь"),
    "Doroga na Sever": ("جاده شمال", "The Road North", "Дорога на север"),
    "Svet Mayaka": ("نور فانوس دریایی", "Lighthouse Light", "Свет маяка"),
    "Tikhaya Gavan": ("بندر آرام", "Quiet Harbour", "Тихая гавань"),
    "Dom u Reki": ("خانه‌ای کنار رودخانه", "House by the River", "Дом у реки"),
    "Vtoroe Dykhanie": ("نفس دوم", "Second Wind", "Второе дыхание"),
    "Kaspiyskiy Veter": ("باد خزر", "Caspian Wind", "Каспийский ветер"),
    "Nebo nad Volgoy": ("آسمان بر فراز ولگا", "Sky over the Volga", "Небо над Волгой"),
    "Sineye Ozero": ("دریاچه آبی", "Blue Lake", "Синее озеро"),
    "Lyod i Plamya": ("یخ و آتش", "Ice and Flame", "Лёд и пламя"),
    "Staraya Pristan": ("اسکله قدیمی", "The Old Pier", "Старая пристань"),
}
# Which title a venue's ticketing system exports: the catalogue's own, the Russian one (Russian systems that write
# DD.MM.YYYY dates, and drop the letter ё), the Persian one (Iranian systems that write Solar Hijri dates), or the
# Persian one typed on an Arabic keyboard (ي and ك for ی and ک, no zero-width non-joiner).
TITLE_DEFAULT, TITLE_RUSSIAN, TITLE_PERSIAN, TITLE_ARABIC_KEYBOARD = range(4)
_ARABIC_KEYBOARD_VENUES = ("Shahriar Cinema",)


class FilmTitles(NamedTuple):
    original: str
    en: str
    fa: str
    ru: str
    aliases: tuple[str, ...]


def film_titles(film: Film) -> FilmTitles:
    """A film's titles for films.csv: a transliterated title gets its script, English and other-language titles."""
    if film.title not in _TRANSLATIONS:
        return FilmTitles(film.title, film.title, "", "", ())
    persian, english, russian = _TRANSLATIONS[film.title]
    original = persian if _FAMILY_OF[film.countries[0]] == "persian" else russian
    return FilmTitles(original, english, persian, russian, (film.title,))


def exported_titles(film: Film) -> tuple[str, str, str, str]:
    """The title each kind of ticketing system exports for the film, in TITLE_* order."""
    titles = film_titles(film)
    russian = titles.ru.replace("ё", "е").replace("Ё", "Е") if titles.ru else film.title
    persian = titles.fa or film.title
    arabic = persian.replace("ی", "ي").replace("ک", "ك").replace("\u200c", "")
    return film.title, russian, persian, arabic


def _venue_title_variant(venue: Venue) -> int:
    if venue.country == "RU" and venue.date_style == DMY:
        return TITLE_RUSSIAN
    if venue.country == "IR" and venue.date_style == JALALI:
        return TITLE_ARABIC_KEYBOARD if venue.name in _ARABIC_KEYBOARD_VENUES else TITLE_PERSIAN
    return TITLE_DEFAULT


# ---------------------------------------------------------------------------
# Programme plan: one leg is one programme's screenings of one format over one
# date window in a set of cities (an edition in some cities, a year of releases).


@dataclass(frozen=True)
class Leg:
    program: int
    event: str | None
    start: int  # day offset from FIRST_DAY, inclusive
    end: int
    fmt: int
    venues: np.ndarray  # candidate venue indices
    pool: np.ndarray  # candidate film indices
    lineup: int  # films picked from the pool for this leg
    blocks: int  # runs of one film at one venue (sample size)
    run: tuple[int, int]  # consecutive days of one run
    sessions: tuple[int, int]
    staggered: bool  # releases open across the window, else everything opens on day one
    spread: int  # days a venue may open a film after its opening day
    invited: tuple[float, float]  # share of invited tickets
    usd: float  # share of screenings sold in USD
    occupancy: tuple[float, float]  # beta parameters of the share of seats filled
    counted: bool = True  # False: a line-up from the press, with no ticketing export (admissions unknown)


def _day(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - FIRST_DAY).days


class _Planner:
    """Builds the legs of every programme from the catalogue and the venue table."""

    def __init__(self, films: list[Film]) -> None:
        self.films = films
        self.legs: list[Leg] = []

    def venues(self, cities: tuple[str, ...], fmt: int, country: str | None = None) -> np.ndarray:
        kind = _VENUE_KIND[fmt]
        found = [
            index
            for index, venue in enumerate(VENUES)
            if venue.city in cities and venue.kind == kind and (country is None or venue.country == country)
        ]
        if not found:
            raise ValueError(f"no {kind} venue in {cities}")
        return np.array(found, dtype=np.int32)

    def pool(self, year: int, keep: Callable[[Film], bool]) -> np.ndarray:
        found = [index for index, film in enumerate(self.films) if film.year <= year and keep(film)]
        if not found:
            raise ValueError(f"empty film pool for {year}")
        return np.array(found, dtype=np.int32)

    def add(
        self,
        program: str,
        event: str | None,
        window: tuple[str, str],
        fmt: int,
        cities: tuple[str, ...],
        pool: np.ndarray,
        *,
        lineup: int,
        blocks: int,
        run: tuple[int, int] = (1, 2),
        sessions: tuple[int, int] = (1, 1),
        staggered: bool = False,
        spread: int | None = None,
        invited: tuple[float, float] = (0.08, 0.25),
        usd: float = 0.0,
        occupancy: tuple[float, float] = (3.6, 2.2),
        country: str | None = None,
        counted: bool = True,
    ) -> None:
        start, end = _day(window[0]), min(_day(window[1]), N_DAYS - 1)
        self.legs.append(
            Leg(
                program=PROGRAMS.index(program),
                event=event,
                start=start,
                end=end,
                fmt=fmt,
                venues=self.venues(cities, fmt, country),
                pool=pool,
                lineup=lineup,
                blocks=blocks,
                run=run,
                sessions=sessions,
                staggered=staggered,
                spread=end - start if spread is None else spread,
                invited=invited,
                usd=usd,
                occupancy=occupancy,
                counted=counted,
            )
        )


def _has(film: Film, code: str) -> bool:
    return code in film.countries


def build_legs(films: list[Film]) -> list[Leg]:
    """Every programme's editions, as the sample's legs."""
    plan = _Planner(films)
    iran_cities = ("Tehran", "Isfahan", "Mashhad", "Shiraz", "Tabriz")

    # Russian Film Days in Iran: first edition 2025, five cities, online on Filimo.
    for year, window, lineup, open_air in ((2025, ("2025-09-20", "2025-09-26"), 18, False), (2026, ("2026-09-19", "2026-09-25"), 22, True)):
        event = f"{RFD} {year}"
        russian = plan.pool(year, lambda f: _has(f, "RU") and f.genre != "war")
        plan.add(RFD, event, window, FESTIVAL, iran_cities, russian, lineup=lineup, blocks=140 if year == 2025 else 170)
        online_end = (dt.date.fromisoformat(window[1]) + dt.timedelta(days=7)).isoformat()
        plan.add(RFD, event, (window[0], online_end), ONLINE, ("Tehran",), russian, lineup=8, blocks=6, run=(5, 14), country="IR")
        if open_air:
            plan.add(RFD, event, window, OPEN_AIR, ("Tehran",), russian, lineup=5, blocks=5, run=(1, 1), occupancy=(4.0, 2.0))

    # Iranian Film Week in Russia: yearly October editions in more cities each year.
    russian_cities = ("Moscow", "Saint Petersburg", "Kazan", "Yekaterinburg", "Nizhny Novgorod", "Novosibirsk")
    for number, year in enumerate(range(2022, 2027)):
        start = dt.date(year, 10, 17) - dt.timedelta(days=(dt.date(year, 10, 17).weekday()))
        window = (start.isoformat(), (start + dt.timedelta(days=6)).isoformat())
        event = f"{IFW} {year}"
        iranian = plan.pool(year, lambda f: _has(f, "IR"))
        cities = russian_cities[: min(2 + number, len(russian_cities))] if number else ("Moscow",)
        plan.add(IFW, event, window, FESTIVAL, cities, iranian, lineup=14 + 3 * number, blocks=45 + 26 * number)
        if year >= 2025:
            online_end = (start + dt.timedelta(days=20)).isoformat()
            plan.add(IFW, event, (window[0], online_end), ONLINE, ("Moscow",), iranian, lineup=6, blocks=5, run=(7, 21), country="RU")
        if year >= 2024:
            plan.add(IFW, event, window, TV, ("Moscow",), iranian, lineup=2, blocks=2, run=(1, 1), country="RU")

    # Caspian Film Program: pilot in 2024, all five littoral states from 2025, screenings on board.
    caspian_pool_by_year = {year: plan.pool(year, lambda f: set(f.countries) <= set(CASPIAN_STATES)) for year in (2024, 2025, 2026)}
    caspian_legs = {
        2024: (("Astrakhan",), ("Makhachkala",), ("Baku",)),
        2025: (("Astrakhan",), ("Makhachkala",), ("Baku",), ("Aktau",), ("Turkmenbashi", "Ashgabat"), ("Rasht", "Bandar Anzali")),
        2026: (("Rasht", "Bandar Anzali"), ("Baku",), ("Aktau",), ("Turkmenbashi", "Ashgabat"), ("Astrakhan",), ("Makhachkala",)),
    }
    caspian_start = {2024: "2024-08-20", 2025: "2025-08-15", 2026: "2026-08-14"}
    for year, stops in caspian_legs.items():
        event = f"{CASPIAN} {year}"
        pool = caspian_pool_by_year[year]
        day = dt.date.fromisoformat(caspian_start[year])
        for stop in stops:
            window = (day.isoformat(), (day + dt.timedelta(days=3)).isoformat())
            plan.add(CASPIAN, event, window, FESTIVAL, stop, pool, lineup=9, blocks=28, usd=0.01)
            if _has_kind(stop, "open-air"):
                plan.add(CASPIAN, event, window, OPEN_AIR, stop, pool, lineup=4, blocks=4, run=(1, 1), occupancy=(4.0, 2.0))
            day += dt.timedelta(days=4)
        if year >= 2025:
            cruise = dt.date.fromisoformat(caspian_start[year]) + dt.timedelta(days=13)
            window = (cruise.isoformat(), (cruise + dt.timedelta(days=3)).isoformat())
            plan.add(
                CASPIAN, event, window, ON_BOARD, (ON_BOARD_CITY,), pool, lineup=8, blocks=12, usd=1.0, country="RU", occupancy=(5.0, 1.8)
            )
        if year == 2026:
            cruise = dt.date(2026, 9, 5)
            window = (cruise.isoformat(), (cruise + dt.timedelta(days=2)).isoformat())
            plan.add(
                CASPIAN, event, window, ON_BOARD, (ON_BOARD_CITY,), pool, lineup=6, blocks=8, usd=1.0, country="IR", occupancy=(5.0, 1.8)
            )

    # SCO Filmmakers Working Group: film weeks in June, more members taking part every year.
    sco_hosts = {
        2022: ("Moscow", "Tashkent", "Samarkand", "Almaty"),
        2023: ("Moscow", "Tashkent", "Almaty", "New Delhi", "Qingdao", "Bishkek"),
        2024: ("Moscow", "Tashkent", "Almaty", "New Delhi", "Qingdao", "Bishkek", "Tehran", "Dushanbe", "Islamabad"),
        2025: ("Moscow", "Tashkent", "Almaty", "Mumbai", "Beijing", "Bishkek", "Tehran", "Dushanbe", "Islamabad", "Minsk"),
        2026: (
            "Moscow",
            "Kazan",
            "Tashkent",
            "Astana",
            "Mumbai",
            "Shanghai",
            "Bishkek",
            "Tehran",
            "Shiraz",
            "Dushanbe",
            "Islamabad",
            "Minsk",
        ),
    }
    sco_film_countries = {
        2022: ("RU", "UZ", "KZ", "KG", "TJ", "CN"),
        2023: ("RU", "UZ", "KZ", "KG", "TJ", "CN", "IN", "PK", "IR"),
        2024: SCO_MEMBERS,
        2025: SCO_MEMBERS,
        2026: SCO_MEMBERS,
    }
    for number, (year, hosts) in enumerate(sco_hosts.items()):
        start = dt.date(year, 6, 10)
        window = (start.isoformat(), (start + dt.timedelta(days=13)).isoformat())
        event = f"{SCO} {year}"
        members = set(sco_film_countries[year])
        pool = plan.pool(year, lambda f, members=members: set(f.countries) <= members)
        plan.add(SCO, event, window, FESTIVAL, hosts, pool, lineup=22 + 6 * number, blocks=55 + 30 * number, usd=0.02)
        if year >= 2025:
            plan.add(SCO, event, window, ONLINE, ("Moscow",), pool, lineup=6, blocks=4, run=(7, 14), country="RU")

    # Eurasian Film Academy: spring masterclass weeks; Tehran joins after Iran's committee seat.
    efa_hosts = {
        2023: ("Moscow", "Almaty"),
        2024: ("Moscow", "Almaty", "Minsk", "Yerevan"),
        2025: ("Moscow", "Almaty", "Minsk", "Yerevan", "Bishkek", "Tehran"),
        2026: ("Moscow", "Almaty", "Minsk", "Yerevan", "Bishkek", "Tehran"),
    }
    efa_countries = {"RU", "KZ", "BY", "AM", "KG", "UZ", "TJ"}
    for number, (year, hosts) in enumerate(efa_hosts.items()):
        start = dt.date(year, 4, 14)
        window = (start.isoformat(), (start + dt.timedelta(days=6)).isoformat())
        members = efa_countries | ({"IR"} if year >= 2025 else set())
        pool = plan.pool(year, lambda f, members=members: set(f.countries) <= members)
        plan.add(
            EFA,
            f"{EFA} {year}",
            window,
            FESTIVAL,
            hosts,
            pool,
            lineup=10 + 3 * number,
            blocks=30 + 18 * number,
            run=(1, 1),
            usd=0.03,
            occupancy=(4.0, 2.5),
            # The first edition's screenings are known from the press line-up only: nobody counted the audience.
            counted=year != 2023,
        )

    # Iran-Russia Animation Exchange: Russian animation at Nowruz in Iran, Iranian animation in Russia's winter holidays.
    for number, year in enumerate((2024, 2025, 2026)):
        event = f"{ANIMATION} {year}"
        russian = plan.pool(year, lambda f: f.genre == "animation" and _has(f, "RU"))
        iranian = plan.pool(year, lambda f: f.genre == "animation" and _has(f, "IR"))
        nowruz = dt.date(year, 3, 22)
        window = (nowruz.isoformat(), (nowruz + dt.timedelta(days=9)).isoformat())
        plan.add(
            ANIMATION,
            event,
            window,
            FESTIVAL,
            ("Tehran", "Isfahan", "Mashhad"),
            russian,
            lineup=6,
            blocks=30 + 10 * number,
            invited=(0.03, 0.12),
        )
        window = (f"{year}-01-03", f"{year}-01-08")
        plan.add(
            ANIMATION,
            event,
            window,
            FESTIVAL,
            ("Moscow", "Kazan", "Saint Petersburg"),
            iranian,
            lineup=5,
            blocks=22 + 10 * number,
            invited=(0.03, 0.12),
        )
        plan.add(
            ANIMATION,
            event,
            (f"{year}-01-03", f"{year}-01-20"),
            ONLINE,
            ("Moscow",),
            iranian,
            lineup=3,
            blocks=3,
            run=(7, 14),
            country="RU",
        )

    # Regular distribution: commercial releases both ways, daily summary rows of 2-6 sessions.
    to_russia = ("Moscow", "Saint Petersburg", "Kazan", "Yekaterinburg", "Novosibirsk", "Nizhny Novgorod", "Sochi")
    to_iran = ("Tehran", "Isfahan", "Mashhad", "Shiraz", "Tabriz", "Rasht")
    releases = {2022: (3, 2), 2023: (4, 3), 2024: (6, 4), 2025: (8, 6), 2026: (9, 7)}
    for year, (into_russia, into_iran) in releases.items():
        window = (f"{year}-01-10", f"{year}-12-31")
        iranian = plan.pool(year, lambda f: _has(f, "IR") and f.genre != "war")
        russian = plan.pool(year, lambda f: _has(f, "RU") and f.genre not in ("war", "thriller"))
        common = {"run": (5, 21), "sessions": (2, 6), "staggered": True, "spread": 5, "invited": (0.0, 0.04), "occupancy": (2.4, 3.0)}
        plan.add(DISTRIBUTION, None, window, CINEMA, to_russia, iranian, lineup=into_russia, blocks=3 * into_russia, **common)
        plan.add(DISTRIBUTION, None, window, CINEMA, to_iran, russian, lineup=into_iran, blocks=3 * into_iran, **common)
        online = {"run": (7, 14), "staggered": True, "spread": 10}
        plan.add(
            DISTRIBUTION,
            None,
            window,
            ONLINE,
            ("Moscow",),
            iranian,
            lineup=into_russia,
            blocks=max(1, into_russia // 2),
            country="RU",
            **online,
        )
        if year >= 2024:
            plan.add(
                DISTRIBUTION,
                None,
                window,
                ONLINE,
                ("Tehran",),
                russian,
                lineup=into_iran,
                blocks=max(1, into_iran // 2),
                country="IR",
                **online,
            )
        if year >= 2023:
            plan.add(
                DISTRIBUTION, None, window, TV, ("Tehran",), russian, lineup=2, blocks=2, run=(1, 1), staggered=True, spread=0, country="IR"
            )
    return plan.legs


def _has_kind(cities: tuple[str, ...], kind: str) -> bool:
    return any(venue.city in cities and venue.kind == kind for venue in VENUES)


# ---------------------------------------------------------------------------
# Lookup arrays shared by the vectorised steps.

_VENUE_STYLE = np.array([venue.date_style for venue in VENUES], dtype=np.int32)
_VENUE_COUNTRY = np.array([venue.country for venue in VENUES])
_VENUE_TITLE = np.array([_venue_title_variant(venue) for venue in VENUES], dtype=np.int64)
_CURRENCY_CODES = tuple(currency.code for currency in CURRENCIES)
_VENUE_CURRENCY = np.array([_CURRENCY_CODES.index(_CURRENCY_OF_COUNTRY[venue.country]) for venue in VENUES], dtype=np.int32)
_CURRENCY_LOW = np.array([currency.low for currency in CURRENCIES])
_CURRENCY_HIGH = np.array([currency.high for currency in CURRENCIES])
_CURRENCY_STEP = np.array([currency.step for currency in CURRENCIES])
_CURRENCY_INFLATION = np.array([currency.inflation for currency in CURRENCIES])
_YEAR_OF_DAY = np.array([(FIRST_DAY + dt.timedelta(days=day)).year for day in range(N_DAYS)], dtype=np.int32)


def _nowruz(jalali_year: int) -> dt.date:
    """1 Farvardin of a Solar Hijri year (the jalaali-js break-point algorithm).

    Kept here rather than imported so that the generator and the loader check
    each other's calendar arithmetic.
    """
    breaks = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178)
    leap_jalali, previous, jump = -14, breaks[0], 0
    for current in breaks[1:]:
        jump = current - previous
        if jalali_year < current:
            break
        leap_jalali += jump // 33 * 8 + jump % 33 // 4
        previous = current
    years = jalali_year - previous
    leap_jalali += years // 33 * 8 + (years % 33 + 3) // 4
    if jump % 33 == 4 and jump - years == 4:
        leap_jalali += 1
    gregorian_year = jalali_year + 621
    leap_gregorian = gregorian_year // 4 - (gregorian_year // 100 + 1) * 3 // 4 - 150
    return dt.date(gregorian_year, 3, 20 + leap_jalali - leap_gregorian)


def to_jalali(day: dt.date) -> tuple[int, int, int]:
    """A Gregorian date as (year, month, day) in the Solar Hijri calendar."""
    year = day.year - 621
    if day < _nowruz(year):
        year -= 1
    offset = (day - _nowruz(year)).days
    if offset < 186:
        return year, offset // 31 + 1, offset % 31 + 1
    return year, (offset - 186) // 30 + 7, (offset - 186) % 30 + 1


def _date_strings(first: dt.date = FIRST_DAY, days: int = N_DAYS) -> pa.Array:
    """Every day of the calendar (from first, `days` days) in each date style; index = style * days + day."""
    iso, jalali, dmy = [], [], []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        iso.append(day.isoformat())
        jalali.append("{:04d}/{:02d}/{:02d}".format(*to_jalali(day)))
        dmy.append(day.strftime("%d.%m.%Y"))
    return pa.array(iso + jalali + dmy, type=pa.string())


# ---------------------------------------------------------------------------
# Drawing screening rows.


class _Lineup(NamedTuple):
    films: np.ndarray
    weights: np.ndarray
    opening: np.ndarray  # opening day of each film in the leg


def _draw_lineups(rng: np.random.Generator, legs: list[Leg], films: list[Film], popularity: np.ndarray | None = None) -> list[_Lineup]:
    popularity = np.array([film.popularity for film in films]) if popularity is None else popularity
    lineups = []
    for leg in legs:
        size = min(leg.lineup, len(leg.pool))
        weights = popularity[leg.pool] / popularity[leg.pool].sum()
        chosen = rng.choice(leg.pool, size=size, replace=False, p=weights)
        # Releases open across the year, at least two weeks before the window closes;
        # a festival's whole lineup is there from its first day.
        opening = rng.integers(leg.start, max(leg.start + 1, leg.end - 13), size=size) if leg.staggered else np.full(size, leg.start)
        lineups.append(_Lineup(chosen.astype(np.int32), popularity[chosen] / popularity[chosen].sum(), opening))
    return lineups


def _capacity(rng: np.random.Generator, fmt: int, count: int) -> np.ndarray:
    """Seats of the hall (one session) for each run."""
    if fmt == CINEMA:
        seats = 80 + 520 * rng.beta(1.6, 3.2, count)
    elif fmt == FESTIVAL:
        seats = 200 + 1000 * rng.beta(1.5, 2.5, count)
    elif fmt == OPEN_AIR:
        seats = 300 + 1700 * rng.beta(1.4, 2.4, count)
    elif fmt == ON_BOARD:
        seats = 120 + 330 * rng.random(count)
    else:
        seats = np.zeros(count)
    return np.rint(seats).astype(np.int64)


_ROW_FIELDS = ("leg", "film", "venue", "day", "capacity")


def _zipf(count: int, exponent: float = ZIPF_EXPONENT) -> np.ndarray:
    """Weights 1/rank^exponent for ranks 1..count, summing to 1: the first few take most draws."""
    weights = 1.0 / np.arange(1, count + 1, dtype=float) ** exponent
    return weights / weights.sum()


def _draw_rows(
    rng: np.random.Generator, legs: list[Leg], lineups: list[_Lineup], scale: float, skewed: bool = False
) -> dict[str, np.ndarray]:
    """Runs of films at venues, expanded to one row per film, venue and day.

    skewed (large sets): each programme's legs are weighted by PROGRAM_WEIGHTS and a leg's first venues (its flagship
    cinemas) take most runs, as in real box office."""
    parts: dict[str, list[np.ndarray]] = {field: [] for field in _ROW_FIELDS}
    for index, (leg, lineup) in enumerate(zip(legs, lineups, strict=True)):
        expected = leg.blocks * scale * (PROGRAM_WEIGHTS[PROGRAMS[leg.program]] if skewed else 1.0)
        count = int(expected) + int(rng.random() < expected - int(expected))
        if count == 0:
            continue
        pick = rng.choice(len(lineup.films), size=count, p=lineup.weights)
        if skewed:
            venue = leg.venues[rng.choice(len(leg.venues), size=count, p=_zipf(len(leg.venues)))]
        else:
            venue = leg.venues[rng.integers(0, len(leg.venues), size=count)]
        start = np.minimum(lineup.opening[pick] + rng.integers(0, leg.spread + 1, size=count), leg.end)
        end = np.minimum(start + rng.integers(leg.run[0], leg.run[1] + 1, size=count) - 1, leg.end)
        length = end - start + 1
        capacity = _capacity(rng, leg.fmt, count)
        run = np.repeat(np.arange(count), length)
        first_row = np.repeat(np.cumsum(length) - length, length)
        parts["leg"].append(np.full(len(run), index, dtype=np.int32))
        parts["film"].append(lineup.films[pick][run])
        parts["venue"].append(venue[run])
        parts["day"].append((start[run] + np.arange(len(run)) - first_row).astype(np.int32))
        parts["capacity"].append(capacity[run])
    return {field: np.concatenate(values) for field, values in parts.items()}


def _take(rows: dict[str, np.ndarray], index: np.ndarray) -> dict[str, np.ndarray]:
    return {field: values[index] for field, values in rows.items()}


def _concat(first: dict[str, np.ndarray], second: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {field: np.concatenate([first[field], second[field]]) for field in first}


def _dedupe(rows: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Keep the first row of each film, venue and day (a film shows once a day per venue row)."""
    key = (rows["film"].astype(np.int64) * len(VENUES) + rows["venue"]) * N_DAYS + rows["day"]
    _, first = np.unique(key, return_index=True)
    return _take(rows, np.sort(first))


class _LegColumns(NamedTuple):
    program: np.ndarray
    event: np.ndarray
    fmt: np.ndarray
    sessions_low: np.ndarray
    sessions_high: np.ndarray
    invited_low: np.ndarray
    invited_high: np.ndarray
    usd: np.ndarray
    occupancy_a: np.ndarray
    occupancy_b: np.ndarray
    counted: np.ndarray


def _leg_columns(legs: list[Leg], events: list[str]) -> _LegColumns:
    return _LegColumns(
        program=np.array([leg.program for leg in legs], dtype=np.int32),
        event=np.array([events.index(leg.event) if leg.event else -1 for leg in legs], dtype=np.int32),
        fmt=np.array([leg.fmt for leg in legs], dtype=np.int32),
        sessions_low=np.array([leg.sessions[0] for leg in legs]),
        sessions_high=np.array([leg.sessions[1] for leg in legs]),
        invited_low=np.array([leg.invited[0] for leg in legs]),
        invited_high=np.array([leg.invited[1] for leg in legs]),
        usd=np.array([leg.usd for leg in legs]),
        occupancy_a=np.array([leg.occupancy[0] for leg in legs]),
        occupancy_b=np.array([leg.occupancy[1] for leg in legs]),
        counted=np.array([leg.counted for leg in legs], dtype=bool),
    )


def _finish_rows(rng: np.random.Generator, rows: dict[str, np.ndarray], columns: _LegColumns) -> dict[str, np.ndarray]:
    """Sort by day and add program, format, sessions and seats (-1 = blank)."""
    leg = rows["leg"]
    program = columns.program[leg]
    order = np.lexsort((rows["film"], rows["venue"], program, rows["day"]))
    rows = _take(rows, order)
    leg = rows["leg"]
    rows["program"] = columns.program[leg]
    rows["event"] = columns.event[leg]
    fmt = columns.fmt[leg]
    rows["fmt"] = fmt
    rows["line_up"] = ~columns.counted[leg]
    low, high = columns.sessions_low[leg], columns.sessions_high[leg]
    rows["sessions"] = (low + np.floor(rng.random(len(leg)) * (high - low + 1))).astype(np.int64)
    rows["hall_seats"] = rows["capacity"] * rows["sessions"]
    digital = (fmt == ONLINE) | (fmt == TV)
    unknown = (fmt == CINEMA) & (rng.random(len(leg)) < 0.03)
    rows["seats"] = np.where(digital | unknown, -1, rows["hall_seats"])
    return rows


def _attendance(rng: np.random.Generator, rows: dict[str, np.ndarray], columns: _LegColumns) -> dict[str, np.ndarray]:
    """Ticketing rows: one per screening and ticket type, admissions and gross in cents."""
    count = len(rows["leg"])
    leg, fmt = rows["leg"], rows["fmt"]
    online, tv = fmt == ONLINE, fmt == TV
    physical = ~(online | tv)

    # Which ticket types each screening sold.
    draw = rng.random(count)
    all_three = physical & (draw < 0.92)
    paid_invited = physical & (draw >= 0.92) & (draw < 0.95)
    paid_student = physical & (draw >= 0.95) & (draw < 0.97)
    paid_only = physical & (draw >= 0.97) & (draw < 0.99)
    invited_only = physical & (draw >= 0.99)
    mask = np.zeros((count, len(TICKET_TYPES)), dtype=bool)
    mask[:, PAID] = all_three | paid_invited | paid_student | paid_only
    mask[:, STUDENT] = all_three | paid_student
    mask[:, INVITED] = all_three | paid_invited | invited_only | (online & (rng.random(count) < 0.25))
    mask[:, ONLINE_TICKET] = online | tv
    mask[rng.random(count) < 0.01] = False  # the ticketing export lost these screenings
    mask[~columns.counted[leg]] = False  # line-ups from the press: no ticketing at all

    # Admissions: a share of the seats, or views for online and tv.
    occupancy = 0.1 + 0.85 * rng.beta(columns.occupancy_a[leg], columns.occupancy_b[leg])
    total = np.floor(occupancy * rows["hall_seats"]).astype(np.int64)
    overbooked = physical & (rows["seats"] > 0) & (rng.random(count) < 0.005)
    total[overbooked] = np.ceil(rows["seats"][overbooked] * rng.uniform(1.01, 1.06, overbooked.sum())).astype(np.int64)
    total[online] = np.clip(np.rint(rng.lognormal(5.3, 0.9, online.sum())), 5, 20_000).astype(np.int64)
    total[tv] = np.clip(np.rint(rng.lognormal(9.2, 0.5, tv.sum())), 3_000, 60_000).astype(np.int64)

    invited_share = np.where(physical, rng.uniform(columns.invited_low[leg], columns.invited_high[leg]), rng.uniform(0.02, 0.08, count))
    student_share = rng.uniform(0.05, 0.25, count)
    admissions = np.zeros((count, len(TICKET_TYPES)), dtype=np.int64)
    admissions[:, STUDENT] = np.where(mask[:, STUDENT], np.floor(total * student_share), 0)
    admissions[:, INVITED] = np.where(mask[:, INVITED], np.floor(total * invited_share), 0)
    admissions[invited_only, INVITED] = total[invited_only]
    admissions[:, PAID] = np.where(mask[:, PAID], total - admissions[:, STUDENT] - admissions[:, INVITED], 0)
    admissions[:, ONLINE_TICKET] = np.where(mask[:, ONLINE_TICKET], total - admissions[:, INVITED], 0)

    # Prices in the host country's currency (some festival and ship screenings in USD), rising yearly.
    currency = np.where(rng.random(count) < columns.usd[leg], _USD, _VENUE_CURRENCY[rows["venue"]])
    growth = _CURRENCY_INFLATION[currency] ** (_YEAR_OF_DAY[rows["day"]] - 2022)
    step = _CURRENCY_STEP[currency]
    price = np.maximum(np.rint(rng.uniform(_CURRENCY_LOW[currency], _CURRENCY_HIGH[currency]) * growth / step), 1) * step
    student_price = np.maximum(np.rint(price * rng.uniform(0.5, 0.7, count) / step), 1) * step
    online_price = np.maximum(np.rint(price * 0.6 / step), 1) * step
    unit_cents = np.zeros((count, len(TICKET_TYPES)), dtype=np.int64)
    unit_cents[:, PAID] = np.rint(price * 100)
    unit_cents[:, STUDENT] = np.rint(student_price * 100)
    unit_cents[:, ONLINE_TICKET] = np.rint(online_price * 100)
    invited_blank = rng.random(count) < 0.4
    # Unknown, not zero: Iranian television does not measure its audience, and some guest lists are not counted.
    uncounted_guests = invited_blank & (rng.random(count) < 0.1)
    unmeasured = tv & (_VENUE_COUNTRY[rows["venue"]] == "IR")

    screening, ticket = np.nonzero(mask)
    gross_blank = ((ticket == INVITED) & invited_blank[screening]) | tv[screening]
    return {
        "screening": screening,
        "ticket": ticket,
        "admissions": admissions[screening, ticket],
        "admissions_blank": unmeasured[screening] | ((ticket == INVITED) & uncounted_guests[screening]),
        "gross_cents": admissions[screening, ticket] * unit_cents[screening, ticket],
        "gross_blank": gross_blank,
        "currency": np.where(tv[screening], -1, currency[screening]),
    }


# ---------------------------------------------------------------------------
# Arrow tables and CSV writing.


def _labels(values: tuple[str, ...] | list[str]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def _screening_ids(first: int, count: int, width: int) -> pa.Array:
    numbers = pa.array(np.arange(first, first + count, dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise("S", pc.utf8_lpad(numbers, width, "0"), "")


def _money(cents: np.ndarray, blank: np.ndarray) -> pa.Array:
    """Amounts in cents as plain decimals: whole units without a point, else two decimals."""
    whole = pa.array(cents // 100).cast(pa.string())
    fraction = cents % 100
    with_fraction = pc.binary_join_element_wise(whole, pc.utf8_lpad(pa.array(fraction).cast(pa.string()), 2, "0"), ".")
    text = pc.if_else(pa.array(fraction != 0), with_fraction, whole)
    return pc.if_else(pa.array(blank), pa.scalar(None, pa.string()), text)


class _Labels(NamedTuple):
    dates: pa.Array
    programs: pa.Array
    events: pa.Array
    titles: pa.Array
    film_countries: pa.Array
    genres: pa.Array
    venue_names: pa.Array
    venue_countries: pa.Array
    venue_cities: pa.Array
    formats: pa.Array
    tickets: pa.Array
    currencies: pa.Array
    sources: pa.Array


def _make_labels(films: list[Film], events: list[str]) -> _Labels:
    return _Labels(
        dates=_date_strings(),
        programs=_labels(PROGRAMS),
        events=_labels(events),
        titles=_labels([title for film in films for title in exported_titles(film)]),
        film_countries=_labels([";".join(film.countries) for film in films]),
        genres=_labels([film.genre for film in films]),
        venue_names=_labels([venue.name for venue in VENUES]),
        venue_countries=_labels([venue.country for venue in VENUES]),
        venue_cities=_labels([venue.city for venue in VENUES]),
        formats=_labels(FORMATS),
        tickets=_labels(TICKET_TYPES),
        currencies=_labels(_CURRENCY_CODES),
        sources=_labels(SCREENING_SOURCES),
    )


def _index(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(np.int32), mask=values < 0)


def _tables(
    rows: dict[str, np.ndarray], attendance: dict[str, np.ndarray], labels: _Labels, first_id: int, width: int, days: int = N_DAYS
) -> tuple[pa.Table, pa.Table]:
    ids = _screening_ids(first_id, len(rows["leg"]), width)
    venue = rows["venue"]
    screenings = pa.table(
        [
            ids,
            labels.dates.take(_index(_VENUE_STYLE[venue] * days + rows["day"])),
            labels.programs.take(_index(rows["program"])),
            labels.events.take(_index(rows["event"])),
            labels.titles.take(_index(rows["film"] * 4 + _VENUE_TITLE[venue])),
            labels.film_countries.take(_index(rows["film"])),
            labels.genres.take(_index(rows["film"])),
            labels.venue_countries.take(_index(venue)),
            labels.venue_cities.take(_index(venue)),
            labels.venue_names.take(_index(venue)),
            labels.formats.take(_index(rows["fmt"])),
            pa.array(rows["seats"], mask=rows["seats"] < 0),
            pa.array(rows["sessions"]),
            labels.sources.take(_index(rows["line_up"].astype(np.int32))),
        ],
        names=list(SCREENING_COLUMNS),
    )
    attendance_table = pa.table(
        [
            ids.take(_index(attendance["screening"])),
            labels.tickets.take(_index(attendance["ticket"])),
            pa.array(attendance["admissions"], mask=attendance["admissions_blank"]),
            _money(attendance["gross_cents"], attendance["gross_blank"]),
            labels.currencies.take(_index(attendance["currency"])),
        ],
        names=list(ATTENDANCE_COLUMNS),
    )
    return screenings, attendance_table


_CSV_OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="none", batch_size=65_536)


class _CsvSink:
    """A CSV file written in pieces: our own unquoted header, then Arrow batches."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self._file = pa.OSFile(str(path), "wb")
        self._file.write((",".join(columns) + "\n").encode())

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            pacsv.write_csv(table, self._file, _CSV_OPTIONS)

    def close(self) -> None:
        self._file.close()


def _write_rows(path: Path, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def write_cities(path: Path) -> None:
    """The map reference: every city the generator uses, keyed by (city, country)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_rows(path, ("city", "country", "lat", "lon"), [(c.city, c.country, f"{c.lat:.4f}", f"{c.lon:.4f}") for c in CITIES])


# ---------------------------------------------------------------------------
# Agreements: written by hand from the meeting report and the programmes above.

_FICO = "Festivals and International Cooperation Office"
_FARABI = "Farabi Cinema Foundation"
_RCD = "Russian Cinema Department"
_ICO = "Iran Cinema Organization"
_MINCULT_RU = "Ministry of Culture of the Russian Federation"
_MEETING = "2024-06-10"  # the Tehran meeting with the Russian delegation

# title, type, program, parties, countries, status, proposed, signed, end, value_usd, lead office
# One agreement per line: a table reads better than ruff's wrapping.
# fmt: off
AGREEMENTS: tuple[tuple[str, ...], ...] = (
    ("Joint Iran-Russia cinema association", "association", "", f"Russian Union of Filmmakers;{_ICO}", "IR;RU", "proposed", _MEETING, "", "", "", _FICO),
    ("Memorandum on holding Russian Film Days in Iran", "memorandum", RFD, f"{_ICO};{_MINCULT_RU}", "IR;RU", "signed", _MEETING, "2025-02-26", "2027-12-31", "", _FICO),
    ("Iran-Russia working group to organise the Caspian film event", "working-group", CASPIAN, f"{_ICO};{_RCD}", "IR;RU", "in-progress", _MEETING, "2024-12-05", "2026-12-31", "", _RCD),
    ("Iran on the executive committee of the Eurasian Film Academy", "academy", EFA, f"Eurasian Film Academy;{_ICO}", "IR;RU", "in-progress", _MEETING, "2025-03-18", "", "", _FICO),
    ("Working group of filmmakers from SCO member states", "working-group", SCO, f"{_ICO};{_MINCULT_RU};China Film Administration;Kazakhfilm;Uzbekkino", ";".join(SCO_MEMBERS), "in-progress", _MEETING, "2025-07-03", "2027-07-31", "", _FICO),
    ("Screening of Iranian films in Russia 2022-2024", "festival-exchange", IFW, f"{_FARABI};{_MINCULT_RU}", "IR;RU", "completed", "2022-02-14", "2022-06-21", "2024-12-31", "180000", _FARABI),
    ("Screening of Iranian films in Russia 2025-2027", "festival-exchange", IFW, f"{_FARABI};{_RCD}", "IR;RU", "in-progress", _MEETING, "2025-05-20", "2027-12-31", "260000", _FARABI),
    ("Caspian Film Program charter of the five littoral states", "memorandum", CASPIAN, f"{_MINCULT_RU};{_ICO};Ministry of Culture of Azerbaijan;Ministry of Culture and Information of Kazakhstan;Ministry of Culture of Turkmenistan", "AZ;IR;KZ;RU;TM", "signed", "2023-10-02", "2024-05-16", "2028-12-31", "", _RCD),
    ("Screenings on board a ship on the Caspian Sea 2025", "festival-exchange", CASPIAN, f"{_RCD};Volga-Caspian Shipping Company", "RU", "completed", "2024-12-05", "2025-03-11", "2025-09-15", "420000", _RCD),
    ("Screenings on board an Iranian vessel 2026", "festival-exchange", CASPIAN, f"{_ICO};{_RCD};Ports and Maritime Organization of Iran", "IR;RU", "in-progress", "2025-09-22", "2026-02-16", "2026-09-30", "510000", _FICO),
    ("Animated feature co-production Simorgh and the Snow Leopard", "co-production", ANIMATION, "Saba Animation Center;Soyuzmultfilm", "IR;RU", "in-progress", "2023-05-08", "2024-02-12", "2027-03-31", "2400000", _FARABI),
    ("Caspian Tales animated series of the littoral states", "co-production", CASPIAN, f"{_RCD};Saba Animation Center;Kazakhfilm;Azerbaijanfilm", "AZ;IR;KZ;RU", "negotiating", "2025-04-01", "", "2026-06-30", "900000", _RCD),
    ("Historical drama co-production on the Silk Road", "co-production", "", f"{_FARABI};Mosfilm", "IR;RU", "completed", "2021-09-13", "2022-03-01", "2024-06-30", "3100000", _FARABI),
    ("Documentary co-production on the North-South transport corridor", "co-production", "", "Documentary and Experimental Film Center;Vostok Documentary Studio", "IR;RU", "completed", "2022-08-15", "2023-01-19", "2024-03-31", "350000", _FARABI),
    ("Family film co-production Kazakhstan-Russia", "co-production", "", "Kazakhfilm;Ural Film Company", "KZ;RU", "completed", "2021-10-04", "2022-04-11", "2023-12-31", "1200000", _RCD),
    ("Animated short series Hedgehog and Hoopoe", "co-production", ANIMATION, "Pars Animation Studio;Volga Animation", "IR;RU", "signed", "2025-06-02", "2025-11-24", "2027-12-31", "650000", _FARABI),
    ("War drama co-production Belarus-Russia", "co-production", "", "Belarusfilm;Mosfilm", "BY;RU", "stalled", "2023-02-20", "2023-09-05", "", "1800000", _RCD),
    ("Thriller co-production Tehran-Moscow Express", "co-production", "", f"{_FARABI};Sever Pictures", "IR;RU", "cancelled", "2023-04-10", "", "", "", _FARABI),
    ("Distribution of Iranian films in Russian cinemas 2022", "distribution", DISTRIBUTION, f"{_FARABI};Nord Cinema Distribution", "IR;RU", "completed", "2021-11-22", "2022-01-18", "2022-12-31", "95000", _FARABI),
    ("Distribution of Iranian films in Russian cinemas 2023", "distribution", DISTRIBUTION, f"{_FARABI};Nord Cinema Distribution", "IR;RU", "completed", "2022-11-14", "2023-01-16", "2023-12-31", "120000", _FARABI),
    ("Distribution of Iranian films in Russian cinemas 2024-2025", "distribution", DISTRIBUTION, f"{_FARABI};Nord Cinema Distribution", "IR;RU", "completed", "2023-11-20", "2024-01-15", "2025-12-31", "210000", _FARABI),
    ("Distribution of Iranian films in Russian cinemas 2026", "distribution", DISTRIBUTION, f"{_FARABI};Nord Cinema Distribution;Karo Film", "IR;RU", "in-progress", "2025-10-06", "2026-01-12", "2026-12-31", "260000", _FARABI),
    ("Release of Russian films in Iranian cinemas 2022-2024", "distribution", DISTRIBUTION, f"{_FARABI};Rusfilm Export", "IR;RU", "completed", "2021-12-06", "2022-02-07", "2024-12-31", "60000", _FARABI),
    ("Release of Russian films in Iranian cinemas 2025-2026", "distribution", DISTRIBUTION, f"{_FARABI};Rusfilm Export", "IR;RU", "in-progress", "2024-10-14", "2025-01-20", "2026-12-31", "340000", _FARABI),
    ("Streaming rights for Iranian films on Russian platforms", "distribution", DISTRIBUTION, f"{_FARABI};Kinopoisk;Okko", "IR;RU", "signed", "2024-03-04", "2024-09-09", "2027-08-31", "150000", _FARABI),
    ("Russian films on Iranian streaming platforms", "distribution", DISTRIBUTION, "Filimo;Namava;Rusfilm Export", "IR;RU", "negotiating", "2025-10-01", "", "2027-03-31", "", _FARABI),
    ("Russian-language dubbing of twenty Iranian films", "other", DISTRIBUTION, f"{_FARABI};Nord Cinema Distribution", "IR;RU", "in-progress", "2025-01-13", "2025-04-07", "2026-06-30", "140000", _FARABI),
    ("Joint fund for Iran-Russia co-productions", "other", "", f"{_ICO};{_RCD}", "IR;RU", "stalled", "2023-06-19", "", "2025-12-31", "", _FICO),
    ("Iran-Russia film market in Sochi", "festival-exchange", "", f"{_ICO};Russian Film Market Association", "IR;RU", "cancelled", "2022-09-12", "", "", "", _FICO),
    ("Exchange between the Moscow and Fajr international film festivals", "festival-exchange", "", "Fajr International Film Festival;Moscow International Film Festival", "IR;RU", "signed", "2023-03-06", "2023-07-10", "2027-12-31", "", _FICO),
    ("Kazan International Muslim Film Festival partnership", "festival-exchange", IFW, f"{_FARABI};Kazan International Muslim Film Festival", "IR;RU", "completed", "2022-05-16", "2022-08-01", "2025-09-30", "45000", _FARABI),
    ("SCO film week host agreement 2022", "festival-exchange", SCO, f"{_MINCULT_RU};Uzbekkino;Kazakhfilm", "KZ;RU;UZ", "completed", "2021-10-11", "2022-02-21", "2022-07-31", "", _RCD),
    ("SCO film week host agreement 2023", "festival-exchange", SCO, f"China Film Administration;{_MINCULT_RU};National Film Development Corporation of India", "CN;IN;RU", "completed", "2022-10-03", "2023-02-13", "2023-07-31", "", _RCD),
    ("SCO film week with Iran as a full member 2024", "festival-exchange", SCO, f"{_ICO};{_MINCULT_RU};Tajikfilm;Pakistan National Council of the Arts", "IR;PK;RU;TJ", "completed", "2023-09-18", "2024-02-05", "2024-07-31", "85000", _FICO),
    ("Eurasian Film Academy founding charter", "academy", EFA, "Eurasian Film Academy;Russian Union of Filmmakers;Kazakhfilm;Belarusfilm;Armenian National Cinema Center", "AM;BY;KZ;RU", "signed", "2022-06-06", "2022-12-08", "", "", _RCD),
    ("Eurasian Film Academy masterclass programme 2025-2026", "academy", EFA, f"Eurasian Film Academy;{_ICO};Kazakhfilm", "IR;KZ;RU", "in-progress", "2024-10-21", "2025-01-27", "2026-12-31", "220000", _FICO),
    ("Kyrgyzstan and Uzbekistan on the Eurasian Film Academy board", "academy", EFA, "Eurasian Film Academy;Kyrgyzfilm;Uzbekkino", "KG;RU;UZ", "negotiating", "2025-08-18", "", "", "", _RCD),
    ("Eurasian Film Academy regional school in Tehran", "academy", EFA, f"Eurasian Film Academy;{_ICO}", "IR;RU", "proposed", "2026-04-20", "", "", "", _FICO),
    ("Eurasian Film Academy sessions 2023-2024", "academy", EFA, "Eurasian Film Academy;Kazakhfilm;Belarusfilm;Armenian National Cinema Center", "AM;BY;KZ;RU", "completed", "2022-12-08", "2023-02-20", "2024-12-31", "160000", _RCD),
    ("VGIK scholarships for Iranian film students", "training", "", "Gerasimov Institute of Cinematography (VGIK);Iranian Youth Cinema Society", "IR;RU", "in-progress", "2023-09-04", "2024-01-22", "2027-07-31", "180000", _FICO),
    ("Animation masterclasses in Tehran by Russian studios", "training", ANIMATION, "Soyuzmultfilm;Saba Animation Center", "IR;RU", "completed", "2023-10-09", "2024-01-15", "2024-12-20", "60000", _FARABI),
    ("Sound and post-production training exchange", "training", "", f"{_FARABI};Mosfilm", "IR;RU", "signed", "2025-05-05", "2025-10-13", "2027-06-30", "90000", _FARABI),
    ("Film restoration training with the Caspian states", "training", CASPIAN, "National Film Archive of Iran;Gosfilmofond;Azerbaijanfilm", "AZ;IR;RU", "proposed", "2026-03-02", "", "", "", _RCD),
    ("Cinema management course for SCO film officials", "training", SCO, f"{_ICO};China Film Administration;{_MINCULT_RU}", "CN;IR;RU", "cancelled", "2024-02-12", "2024-06-03", "", "", _FICO),
    ("Memorandum on cinema cooperation between Iran and Belarus", "memorandum", "", f"{_ICO};Belarusfilm", "BY;IR", "signed", "2024-04-15", "2024-11-04", "2029-11-03", "", _FICO),
    ("Memorandum on cinema cooperation between Iran and Kazakhstan", "memorandum", "", f"{_ICO};Kazakhfilm", "IR;KZ", "negotiating", "2025-05-26", "", "", "", _FICO),
    ("Memorandum on Russian film days in Turkmenistan", "memorandum", "", f"{_MINCULT_RU};Ministry of Culture of Turkmenistan", "RU;TM", "completed", "2022-03-14", "2022-05-30", "2024-05-29", "", _RCD),
    ("Memorandum on Persian-language co-productions with Tajikistan", "memorandum", "", f"{_ICO};Tajikfilm", "IR;TJ", "proposed", "2025-11-10", "", "", "", _FICO),
    ("Memorandum on film heritage between Armenia and Iran", "memorandum", "", "National Film Archive of Iran;Armenian National Cinema Center", "AM;IR", "stalled", "2022-11-07", "2023-05-15", "", "", _FICO),
    ("Memorandum on Iranian film weeks in Russian regions", "memorandum", IFW, f"{_FARABI};Ministry of Culture of the Republic of Tatarstan", "IR;RU", "completed", "2023-03-13", "2023-06-26", "2025-06-25", "", _FARABI),
    ("Iran-Russia Animation Exchange framework", "memorandum", ANIMATION, f"{_ICO};Soyuzmultfilm;Saba Animation Center", "IR;RU", "signed", "2023-06-05", "2023-11-20", "2026-12-31", "", _FARABI),
    ("SCO film archives working group", "working-group", SCO, "Gosfilmofond;China Film Archive;National Film Archive of Iran;National Film Archive of India", "CN;IN;IR;RU", "negotiating", "2025-09-08", "", "", "", _FICO),
    ("Caspian animation working group", "working-group", CASPIAN, "Saba Animation Center;Soyuzmultfilm;Kazakhfilm;Azerbaijanfilm;Turkmenfilm", "AZ;IR;KZ;RU;TM", "proposed", "2025-09-01", "", "", "", _RCD),
    ("Iran-Russia working group on box office statistics", "working-group", DISTRIBUTION, f"{_FARABI};{_RCD}", "IR;RU", "stalled", "2024-08-26", "2025-01-13", "", "", _FARABI),
    ("Caspian filmmakers association", "association", CASPIAN, "Russian Union of Filmmakers;Iranian House of Cinema;Union of Cinematographers of Azerbaijan;Union of Cinematographers of Kazakhstan", "AZ;IR;KZ;RU", "negotiating", "2025-10-20", "", "", "", _RCD),
    ("Eurasian animation association", "association", "", "Russian Animation Association;Iranian Animation Association;Kazakh Animation Guild", "IR;KZ;RU", "cancelled", "2022-04-11", "", "", "", _RCD),
    ("Association of Persian-language filmmakers", "association", "", "Iranian House of Cinema;Union of Filmmakers of Tajikistan", "IR;TJ", "stalled", "2023-08-21", "", "", "", _FICO),
    ("Iran pavilion at the Moscow business film market", "other", "", f"{_FARABI};Moscow Business Film Market", "IR;RU", "completed", "2024-04-08", "2024-05-13", "2024-06-30", "75000", _FARABI),
    ("Digitisation of Soviet-Iranian newsreels", "other", "", "National Film Archive of Iran;Gosfilmofond", "IR;RU", "signed", "2025-12-01", "2026-03-09", "2028-12-31", "180000", _RCD),
    ("Russian Film Days in Iran 2025 programme", "festival-exchange", RFD, f"{_ICO};{_RCD}", "IR;RU", "completed", "2025-02-26", "2025-05-12", "2025-10-15", "240000", _FICO),
    ("Russian Film Days in Iran 2026 programme", "festival-exchange", RFD, f"{_ICO};{_RCD}", "IR;RU", "completed", "2025-11-03", "2026-04-06", "2026-10-15", "310000", _FICO),
    ("Iranian Film Week in Russia 2026 regional tour", "festival-exchange", IFW, f"{_FARABI};{_RCD}", "IR;RU", "signed", "2026-03-16", "2026-06-01", "2026-12-31", "90000", _FARABI),
    ("Co-production of the animated feature The Brave Hedgehog", "co-production", ANIMATION, "Pars Animation Studio;Soyuzmultfilm", "IR;RU", "proposed", "2026-07-13", "", "", "", _FARABI),
)
# fmt: on


def agreement_rows() -> list[tuple[str, ...]]:
    return [(f"A{number:03d}", *agreement, AGREEMENTS_SOURCE) for number, agreement in enumerate(AGREEMENTS, start=1)]


# ---------------------------------------------------------------------------
# Targets: set against the sample's own results, so some are met and some missed.

_TARGET_YEARS = (2024, 2025, 2026)
_PROGRAM_TARGETS = (
    (RFD, ("screenings", "admissions", "films")),
    (IFW, ("screenings", "admissions", "films", "agreements_signed")),
    (CASPIAN, ("screenings", "admissions", "agreements_signed")),
    (SCO, ("screenings", "admissions")),
    (EFA, ("screenings",)),
    (ANIMATION, ("admissions",)),
    (DISTRIBUTION, ("screenings", "admissions", "films")),
)


def _round_target(value: float) -> int:
    """Leadership sets round numbers: two significant digits above 100."""
    if value < 100:
        return max(1, round(value))
    digits = len(str(int(value))) - 2
    return int(round(value / 10**digits) * 10**digits)


def _actuals(rows: dict[str, np.ndarray], attendance: dict[str, np.ndarray]) -> dict[tuple[int, str, str], float]:
    year = _YEAR_OF_DAY[rows["day"]]
    known = np.where(attendance["admissions_blank"], 0, attendance["admissions"])
    admissions = np.bincount(attendance["screening"], weights=known, minlength=len(year))
    actual: dict[tuple[int, str, str], float] = {}
    for target_year in _TARGET_YEARS:
        in_year = year == target_year
        for program_index, program in enumerate(("", *PROGRAMS)):
            chosen = in_year & (rows["program"] == program_index - 1) if program else in_year
            actual[(target_year, "screenings", program)] = float(rows["sessions"][chosen].sum())
            actual[(target_year, "admissions", program)] = float(admissions[chosen].sum())
            actual[(target_year, "films", program)] = float(len(np.unique(rows["film"][chosen])))
            actual[(target_year, "agreements_signed", program)] = float(
                sum(1 for a in AGREEMENTS if a[7][:4] == str(target_year) and (not program or a[2] == program))
            )
    return actual


def target_rows(rng: np.random.Generator, rows: dict[str, np.ndarray], attendance: dict[str, np.ndarray]) -> list[tuple[object, ...]]:
    actual = _actuals(rows, attendance)
    metrics = ("screenings", "admissions", "films", "agreements_signed")
    wanted = [(year, metric, "") for year in _TARGET_YEARS for metric in metrics]
    wanted += [
        (year, metric, program) for program, program_metrics in _PROGRAM_TARGETS for year in _TARGET_YEARS for metric in program_metrics
    ]
    targets = []
    for year, metric, program in wanted:
        factor = rng.uniform(0.8, 1.25)
        reference = actual[(year, metric, program)]
        if reference == 0 and metric != "agreements_signed":
            continue  # no edition that year: no target
        targets.append((year, metric, program, _round_target(reference * factor), TARGETS_SOURCE))
    return targets


# ---------------------------------------------------------------------------
# Films: the catalogue under all its titles, and the films the releases name.

# A few films a steward has not added to films.csv yet: their titles match no film (the Data quality page lists them).
_NOT_IN_FILMS_CSV = 60  # every 60th film of the catalogue
# An older film sharing a title with a film of the catalogue (a remake): the Russian systems' title matches both.
_NAMESAKE = ("Свет маяка", 1983, "RU", "drama")


def film_id(index: int) -> str:
    return f"F{index + 1:03d}"


def _listed_film_id(index: int) -> str:
    """The film_id a release names: blank for a film not in films.csv yet (the register then gives its title only)."""
    return "" if index % _NOT_IN_FILMS_CSV == _NOT_IN_FILMS_CSV - 1 else film_id(index)


class MarketFilm(NamedTuple):
    """A film of the rest of a market, named by the releases only."""

    film_id: str
    title: str
    year: int
    countries: str
    genre: str
    host: str


def film_rows(films: list[Film], market: list[MarketFilm]) -> list[tuple[object, ...]]:
    """films.csv: the catalogue (but for a few not added yet), its namesake, and the market's films of the releases."""
    rows: list[tuple[object, ...]] = []
    for index, film in enumerate(films):
        if index % _NOT_IN_FILMS_CSV == _NOT_IN_FILMS_CSV - 1:
            continue
        titles = film_titles(film)
        rows.append(
            (
                film_id(index),
                titles.original,
                titles.en,
                titles.fa,
                titles.ru,
                film.year,
                ";".join(film.countries),
                film.genre,
                ";".join(titles.aliases),
                FILMS_SOURCE,
            )
        )
    title, year, country, genre = _NAMESAKE
    rows.append((film_id(len(films)), title, "", "", title, year, country, genre, "", FILMS_SOURCE))
    for other in market:
        rows.append((other.film_id, other.title, other.title, "", "", other.year, other.countries, other.genre, "", FILMS_SOURCE))
    return rows


# ---------------------------------------------------------------------------
# Releases: the commercial runs of the Regular distribution programme as national registers record them (one row per
# film, market and year, with the box office of its cinema screenings), beside the rest of each market's releases so
# that a share of the market means something.

_MARKET_COUNTRIES = ("US", "CN", "IN", "TR", "FR", "KR", "GB", "DE", "JP", "KZ")
# (host, releases a year, median gross, spread) of the rest of the market.
_MARKETS = (("RU", 10, 250_000_000.0, 0.9), ("IR", 8, 60_000_000_000.0, 0.8))
_DISTRIBUTORS = {
    ("IR", "RU"): ("Nord Cinema Distribution", "Karo Film"),
    ("RU", "IR"): ("Farabi Cinema Foundation",),
    ("market", "RU"): ("Central Partnership", "Volga Film", "Karo Premiere"),
    ("market", "IR"): ("Filmiran", "Hedayat Film", "Sourena Film"),
}


def market_films(rng: np.random.Generator, catalogue: list[Film]) -> list[MarketFilm]:
    """The other films each market released, a year at a time, under titles of their own; one is an Iranian-French
    co-production released in Russia (counted under each of its countries)."""
    films = []
    used = {film.title for film in catalogue}
    number = 0
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
        for host, count, _, _ in _MARKETS:
            for _ in range(count):
                number += 1
                genre = GENRES[int(rng.integers(len(GENRES)))]
                title = _title(rng, genre, _PLACES["asian"] + _PLACES["caspian"])
                while title in used:
                    title = _title(rng, genre, _PLACES["asian"] + _PLACES["caspian"])
                used.add(title)
                countries = _MARKET_COUNTRIES[int(rng.integers(len(_MARKET_COUNTRIES)))]
                if host == "RU" and year == 2023 and number % 10 == 1:
                    countries = "FR;IR"
                films.append(MarketFilm(f"M{number:03d}", title, year, countries, genre, host))
    return films


def release_rows(
    rng: np.random.Generator,
    films: list[Film],
    market: list[MarketFilm],
    rows: dict[str, np.ndarray],
    attendance: dict[str, np.ndarray],
) -> list[tuple[object, ...]]:
    """releases/distribution.csv: one release per film, market and year of the Regular distribution programme's cinema
    runs (its first day, the box office in the market's currency; admissions known in Russia only), and the rest of
    each market. Release ids look like the registers': 9-digit Russian certificates, Iranian permits by Solar Hijri year."""
    distribution = (rows["program"] == PROGRAMS.index(DISTRIBUTION)) & (rows["fmt"] == CINEMA)
    host = _VENUE_COUNTRY[rows["venue"]]
    year = _YEAR_OF_DAY[rows["day"]]
    local = attendance["currency"] == _VENUE_CURRENCY[rows["venue"]][attendance["screening"]]
    counted = ~attendance["gross_blank"] & local
    gross = np.bincount(attendance["screening"], weights=np.where(counted, attendance["gross_cents"], 0), minlength=len(host))
    known = np.where(attendance["admissions_blank"], 0, attendance["admissions"])
    admissions = np.bincount(attendance["screening"], weights=known, minlength=len(host))
    runs: dict[tuple[int, str, int], list[int]] = {}
    for index in np.nonzero(distribution)[0]:
        runs.setdefault((int(year[index]), str(host[index]), int(rows["film"][index])), []).append(int(index))
    releases = []
    sequence: dict[tuple[str, int], int] = {}
    for (release_year, country, film_index), members in sorted(runs.items()):
        film = films[film_index]
        origin = "IR" if country == "RU" else "RU"
        first_day = FIRST_DAY + dt.timedelta(days=int(min(rows["day"][members])))
        cents = int(sum(gross[members]))
        distributors = _DISTRIBUTORS[(origin, country)]
        distributor = distributors[-1] if release_year == LAST_DAY.year else distributors[0]
        title = film_titles(film).ru if country == "RU" and film_titles(film).ru else film.title
        people = int(sum(admissions[members])) if country == "RU" else ""
        releases.append(
            (*_release_id(sequence, country, first_day), _listed_film_id(film_index), title, ";".join(film.countries), country,
             first_day.isoformat(), distributor, _amount(cents), _CURRENCY_OF_COUNTRY[country], people, RELEASE_SOURCES[country])
        )  # fmt: skip
    for other in market:
        country = other.host
        _, _, median, spread = next(entry for entry in _MARKETS if entry[0] == country)
        start = dt.date(other.year, 1, 1)
        last = min(dt.date(other.year, 12, 31), LAST_DAY)
        first_day = start + dt.timedelta(days=int(rng.integers(0, (last - start).days + 1)))
        amount = float(median * rng.lognormal(0.0, spread))
        if "IR" in other.countries.split(";"):
            amount /= 200  # an Iranian co-production takes an art-house share of the market, not a blockbuster's
        # Iranian box office in whole ten-thousands of rials, Russian in whole roubles (as the registers write them).
        cents = round(amount / 10_000) * 1_000_000 if country == "IR" else round(amount) * 100
        distributor = _DISTRIBUTORS[("market", country)][int(rng.integers(len(_DISTRIBUTORS[("market", country)])))]
        people = int(amount / 420) if country == "RU" else ""
        releases.append(
            (*_release_id(sequence, country, first_day), other.film_id, other.title, other.countries, country, first_day.isoformat(), distributor,
             _amount(cents), _CURRENCY_OF_COUNTRY[country], people, RELEASE_SOURCES[country])
        )  # fmt: skip
    releases.sort(key=lambda release: (release[5], release[0]))
    return releases


def _release_id(sequence: dict[tuple[str, int], int], country: str, day: dt.date) -> tuple[str]:
    """The next number of the market's register: Russian certificates count by Gregorian year, Iranian permits by Solar Hijri year."""
    year = day.year if country == "RU" else to_jalali(day)[0]
    sequence[(country, year)] = sequence.get((country, year), 0) + 1
    number = sequence[(country, year)]
    return (f"121{number:04d}{year % 100:02d}",) if country == "RU" else (f"IR-{year}-{number:04d}",)


def _amount(cents: int) -> str:
    whole, fraction = divmod(cents, 100)
    return f"{whole}.{fraction:02d}" if fraction else str(whole)


# ---------------------------------------------------------------------------
# Entry points.


class _Generator:
    """The seeded catalogue, plan and random streams shared by the sample and large sets."""

    def __init__(self, seed: int) -> None:
        catalogue, plan, rows, targets = (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(4))
        self.films = build_films(catalogue)
        self.legs = build_legs(self.films)
        self.lineups = _draw_lineups(plan, self.legs, self.films)
        self.events = list(dict.fromkeys(leg.event for leg in self.legs if leg.event))
        self.columns = _leg_columns(self.legs, self.events)
        self.labels = _make_labels(self.films, self.events)
        self.rng = rows
        self.targets_rng = targets
        self.market = market_films(np.random.default_rng(np.random.SeedSequence(seed).spawn(5)[4]), self.films)
        # Large sets: films drawn by a Zipf law over the catalogue ranked by popularity (drawn after the sample's own
        # line-ups, so the sample does not change).
        ranks = np.empty(len(self.films), dtype=np.int64)
        ranks[np.argsort([-film.popularity for film in self.films], kind="stable")] = np.arange(len(self.films))
        self.skewed_lineups = _draw_lineups(plan, self.legs, self.films, _zipf(len(self.films))[ranks])

    def sample(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        rows = _finish_rows(self.rng, _dedupe(_draw_rows(self.rng, self.legs, self.lineups, 1.0)), self.columns)
        return rows, _attendance(self.rng, rows, self.columns)

    def rows_per_scale(self) -> float:
        """Rows one unit of scale gives to a large (skewed) set, before clipping runs to their windows."""
        return float(sum(leg.blocks * PROGRAM_WEIGHTS[PROGRAMS[leg.program]] * (leg.run[0] + leg.run[1]) / 2 for leg in self.legs))

    def chunk(self, count: int) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Exactly count rows of the same shape, skewed (a few films, programmes and venues take most rows), no de-duplication."""
        per_scale = self.rows_per_scale()
        rows = _draw_rows(self.rng, self.legs, self.skewed_lineups, (count * 1.1 + 100) / per_scale, skewed=True)
        while len(rows["leg"]) < count:
            missing = count - len(rows["leg"])
            rows = _concat(rows, _draw_rows(self.rng, self.legs, self.skewed_lineups, (missing * 1.2 + 100) / per_scale, skewed=True))
        rows = _take(rows, np.sort(self.rng.choice(len(rows["leg"]), size=count, replace=False)))
        rows = _finish_rows(self.rng, rows, self.columns)
        return rows, _attendance(self.rng, rows, self.columns)


# Yearly exchange rates of the sample's currencies (units of the currency a US dollar bought, rounded averages), so the
# box office also reads as one total in US dollars. TMT has no rate for 2026 on purpose: the page says what it left out.
EXCHANGE_RATE_COLUMNS = schema.EXCHANGE_RATES.names
SAMPLE_RATES = {
    "AMD": {2024: "395", 2025: "390", 2026: "385"},
    "AZN": {2024: "1.7", 2025: "1.7", 2026: "1.7"},
    "BYN": {2024: "3.2", 2025: "3.1", 2026: "3.0"},
    "CNY": {2023: "7.08", 2024: "7.19", 2025: "7.2", 2026: "7.1"},
    "INR": {2023: "82.6", 2024: "83.7", 2025: "86", 2026: "88"},
    "IRR": {2022: "300000", 2023: "450000", 2024: "550000", 2025: "800000", 2026: "1000000"},
    "KGS": {2023: "88", 2024: "87", 2025: "87", 2026: "87"},
    "KZT": {2022: "460", 2023: "456", 2024: "470", 2025: "510", 2026: "520"},
    "PKR": {2024: "280", 2025: "282", 2026: "281"},
    "RUB": {2022: "68", 2023: "85", 2024: "92", 2025: "85", 2026: "80"},
    "TJS": {2024: "10.9", 2025: "10.5", 2026: "10"},
    "TMT": {2025: "3.5"},
    "USD": {year: "1" for year in range(2022, 2027)},
    "UZS": {2022: "11050", 2023: "11700", 2024: "12650", 2025: "12900", 2026: "12500"},
}


def exchange_rate_rows() -> list[tuple[str, int, str, str]]:
    source = "sample rates: yearly averages rounded for the sample data"
    return [(currency, year, rate, source) for currency, rates in sorted(SAMPLE_RATES.items()) for year, rate in sorted(rates.items())]


def write_sample(out_dir: Path, screenings: int | None = None, seed: int = DEFAULT_SEED) -> None:
    """Write screenings, attendance, agreements, targets and reference/cities.csv into out_dir.

    screenings=None writes the committed sample; a number writes exactly that
    many screening rows (about three attendance rows each) for benchmarks.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    generator = _Generator(seed)
    sample_rows, sample_attendance = generator.sample()
    screening_sink = _CsvSink(out_dir / "screenings.csv", SCREENING_COLUMNS)
    attendance_sink = _CsvSink(out_dir / "attendance.csv", ATTENDANCE_COLUMNS)
    try:
        if screenings is None:
            tables = _tables(sample_rows, sample_attendance, generator.labels, 1, 6)
            screening_sink.write(tables[0])
            attendance_sink.write(tables[1])
        else:
            width = max(6, len(str(screenings)))
            written = 0
            while written < screenings:
                count = min(CHUNK_ROWS, screenings - written)
                rows, attendance = generator.chunk(count)
                tables = _tables(rows, attendance, generator.labels, written + 1, width)
                screening_sink.write(tables[0])
                attendance_sink.write(tables[1])
                written += count
    finally:
        screening_sink.close()
        attendance_sink.close()
    _write_rows(out_dir / "agreements.csv", AGREEMENT_COLUMNS, agreement_rows())
    _write_rows(out_dir / "targets.csv", TARGET_COLUMNS, target_rows(generator.targets_rng, sample_rows, sample_attendance))
    _write_rows(out_dir / "films.csv", FILM_COLUMNS, film_rows(generator.films, generator.market))
    releases = release_rows(generator.targets_rng, generator.films, generator.market, sample_rows, sample_attendance)
    (out_dir / "releases").mkdir(exist_ok=True)
    _write_rows(out_dir / "releases" / "distribution.csv", RELEASE_COLUMNS, releases)
    write_cities(out_dir / "reference" / "cities.csv")
    _write_rows(out_dir / "exchange_rates.csv", EXCHANGE_RATE_COLUMNS, exchange_rate_rows())


def write_month(out_dir: Path, month: dt.date, screenings: int, first_id: int, width: int, seed: int = DEFAULT_SEED) -> tuple[Path, Path]:
    """A new month's exports for a large set written by write_sample: `screenings` rows of the same shape whose dates all
    fall in `month` (after the set's last day), ids from first_id on, as the parts screenings/<YYYY-MM>.csv and
    attendance/<YYYY-MM>.csv. Returns the two files."""
    generator = _Generator(seed + month.toordinal())
    first = month.replace(day=1)
    days = ((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - first).days
    rows, attendance = generator.chunk(screenings)
    rows["day"] = generator.rng.integers(0, days, size=len(rows["day"])).astype(np.int32)
    order = np.argsort(rows["day"], kind="stable")
    rows = _take(rows, order)
    # Attendance rows name their screening by position: follow the new order.
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    attendance = _take(attendance, np.argsort(position[attendance["screening"]], kind="stable"))
    attendance["screening"] = position[attendance["screening"]]
    labels = generator.labels._replace(dates=_date_strings(first, days))
    screening_table, attendance_table = _tables(rows, attendance, labels, first_id, width, days)
    paths = (Path(out_dir) / "screenings" / f"{first:%Y-%m}.csv", Path(out_dir) / "attendance" / f"{first:%Y-%m}.csv")
    for path, table, columns in zip(paths, (screening_table, attendance_table), (SCREENING_COLUMNS, ATTENDANCE_COLUMNS), strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        sink = _CsvSink(path, columns)
        try:
            sink.write(table)
        finally:
            sink.close()
    return paths


def _count(text: str) -> int:
    value = int(text)  # accepts 1_000_000
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cinecoop.samplegen", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the CSV files into")
    parser.add_argument("--screenings", type=_count, default=None, help="write this many screening rows (benchmarks) instead of the sample")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    write_sample(args.out, args.screenings, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
