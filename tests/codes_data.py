"""A small data set holding every word of the contract's lists, for the tests that no code reaches a reader's page.

Every status, agreement type and format is used, directions run both ways between Iran and Russia with a co-production,
and gross comes in three currencies and without an amount. No data value (title, venue, city, party, office) is or
holds a word of those lists or an ISO code as a whole word in the case the code is written in: whatever such word the
page shows comes from the dashboard, never from the data."""

from __future__ import annotations

import re

from conftest import AGREEMENTS_HEADER, ATTENDANCE_HEADER, SCREENINGS_HEADER

from cinecoop import schema
from cinecoop.i18n import TERMS

SCREENINGS = f"""{SCREENINGS_HEADER}
N01,2025-02-10,Russian Film Days in Iran,,Winter Harbour,RU,drama,IR,Tehran,Azadi Hall,cinema,400,2
N02,2025-03-05,Iranian Film Week in Russia,,Silent Caravan,IR,documentary,RU,Moscow,Oktyabr Hall,festival,300,1
N03,2025-04-12,Caspian Film Program,,Golden Steppe,IR;RU,animation,KZ,Aktau,Seaside Stage,open-air,250,1
N04,2025-05-20,Caspian Film Program,,Blue Lantern,RU;KZ,comedy,AZ,Baku,Caspian Star Deck,on-board,120,1
N05,2025-06-15,SCO Filmmakers Working Group,,Mountain Echo,CN,drama,RU,Kazan,Kazan Cinema Centre,online,,1
N06,2025-07-01,SCO Filmmakers Working Group,,River of Stars,IN,family,IR,Isfahan,Isfahan Screen,tv,,1
N07,2025-08-09,Eurasian Film Academy,,Paper Cranes,TM,drama,TM,Ashgabat,Academy Hall,cinema,150,1
"""
ATTENDANCE = f"""{ATTENDANCE_HEADER}
N01,paid,250,150000000,IRR
N01,invited,30,,
N02,paid,200,90000,RUB
N03,paid,180,540000,KZT
N04,paid,90,,
N05,online,60,3000,RUB
N06,paid,40,,
N07,student,100,200,USD
"""
AGREEMENTS = f"""{AGREEMENTS_HEADER}
G1,Film days accord,memorandum,Russian Film Days in Iran,Farabi Foundation;Roskino,IR;RU,signed,2025-01-10,2025-02-01,,,Foreign Office
G2,Joint animated feature,co-production,,Pars Studio;Volga Studio,IR;RU,in-progress,2025-01-20,2025-03-01,2035-06-30,2400000,Foreign Office
G3,Cinema release deal,distribution,,Filmiran;Karoprokat,IR;RU,negotiating,2025-02-01,,,,
G4,Festival swap,festival-exchange,Iranian Film Week in Russia,Fajr Festival;Moscow Festival,IR;RU,proposed,2025-03-01,,,,
G5,Filmmakers circle,working-group,SCO Filmmakers Working Group,Film Guilds,CN;IN;RU,completed,2025-01-05,2025-02-05,2025-06-30,,
G6,Academy school,academy,Eurasian Film Academy,Academy Board,TM;RU,stalled,2025-02-15,,,,
G7,Producers union,association,,Caspian Producers,AZ;KZ,cancelled,2025-03-10,,,,
G8,Sound course,training,Eurasian Film Academy,Sound School,IR,signed,2025-04-01,2025-05-01,,,
G9,Archive pact,other,Caspian Film Program,Caspian Archives,AZ;IR;KZ;RU;TM,proposed,2025-04-15,,,,
"""
FILES = {"screenings.csv": SCREENINGS, "attendance.csv": ATTENDANCE, "agreements.csv": AGREEMENTS}
COUNTRIES = ("IR", "RU", "KZ", "AZ", "TM", "CN", "IN")
CURRENCIES = ("IRR", "RUB", "KZT", "USD")
# The words of the contract's lists as the exports write them, and the words queries write into their rows.
LIST_WORDS = (
    *schema.AGREEMENT_STATUSES,
    *schema.AGREEMENT_TYPES,
    *schema.FORMATS,
    "drama",
    "documentary",
    "animation",
    "comedy",
    "family",
    "paid",
    "invited",
    "student",
    "outside the pair",
    "no gross",
)
# Codes no English text writes: a reader never meets them anywhere on an English page either.
NOT_ENGLISH = (*(word for word in LIST_WORDS if "-" in word and word != "co-production"), "tv")
DIRECTION = re.compile(r"\b[A-Z]{2}\s*[→←]\s*[A-Z]{2}\b")
COLUMN_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
FILE_NAME = re.compile(r"[A-Za-z0-9_-]+ ?\.csv(?![A-Za-z0-9])")  # a narrow PDF cell may wrap a long name before ".csv"


def whole_word(word: str) -> re.Pattern:
    """A code as a whole word, in the case the export writes it (a title's "Festival" is not the format "festival")."""
    return re.compile(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])")


def codes_in(text: str, strict: bool) -> list[str]:
    """The codes a text shows: ISO country and currency codes, IR→RU-style directions, column names, and the words of the
    contract's lists (all of them when `strict`, for a page in Persian or Russian; in English only those no English text
    writes, since "signed" or "co-production" are English words in a sentence)."""
    # USD stays the unit of a declared value ("Value (USD)"), as a unit of measure would; as a currency of the box office
    # it reads as a name like the others (labels_that_are_codes).
    # A file's name (exchange_rates.csv) is the name the reader finds in the data folder, not a column name.
    text = FILE_NAME.sub(" ", text)
    found = [code for code in (*COUNTRIES, *CURRENCIES) if code != "USD" and whole_word(code).search(text)]
    found += DIRECTION.findall(text) + COLUMN_NAME.findall(text)
    found += [word for word in (LIST_WORDS if strict else NOT_ENGLISH) if whole_word(word).search(text)]
    return found


def labels_that_are_codes(labels: list[str]) -> list[str]:
    """Labels (a legend entry, an axis label, a table cell, a chosen option) that are a code as exported rather than its
    name: in English the names differ from the codes ("Signed", "In progress", "TV")."""
    codes = {*LIST_WORDS, *COUNTRIES, *CURRENCIES, *(word for word in TERMS if word not in TERMS.values())}
    return sorted({label.strip() for label in labels if label.strip() in codes})
