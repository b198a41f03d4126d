"""`python -m cinecoop import mkrf` on the real register and its box office, as found and as spreadsheets re-save them.

The expected numbers come from reading the real files with a few lines of plain Python here (the certificate
number is the field before the ISO timestamp; a wrapped line is its `;` cells joined again), or from reading
the lines by hand (the rejected rows, each named below with why). None is taken from the importer's output.
"""

from __future__ import annotations

import csv
import decimal
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cinecoop.importers.mkrf import FILMS_COLUMNS, RELEASES_COLUMNS, run_import

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "mkrf"
MOVIES = FIXTURES / "mkrf_movies.csv"
SHOWS = FIXTURES / "mkrf_shows.csv"
COUNTRY_CODES = {row["code"] for row in csv.DictReader((ROOT / "data" / "reference" / "countries.csv").open(encoding="utf-8"))}

# The copies must stay byte for byte what was found (../shared/real/mkrf/): nobody "cleans" them.
FIXTURE_SHA256 = {
    "mkrf_movies.csv": "51ff1b7817f2d5624888a92628c87b6271e04938d2b0fc9acf3dd05cdca3cf20",
    "mkrf_shows.csv": "eb99fc2451ae3a7d168906f4a21ea3a67b7cc051ff5aefa899b06b15cb16e7b0",
}

# Read by hand in mkrf_movies.csv: every row the import must reject, and why.
REJECTED_MOVIES = {
    27: ("production_country", "Чехословакия"),  # Czechoslovakia: two successors, the table maps it to none
    77: ("production_country", "ЧССР"),  # СССР, ЧССР, Западный Берлин, ПНР: ЧССР as above
    1799: ("puNumber", "нет"),  # "no" instead of a certificate number
    1948: ("production_country", "ЧССР"),  # СССР, Венгрия, ЧССР, ГДР
    3188: ("production_country", ""),  # blank: the register gives no production country
    3910: ("production_country", "Корея"),  # which Korea is not said
    4443: ("production_country", ""),  # blank
    4641: ("puNumber", "221154310"),  # the number of line 4640, another film
    5070: ("puNumber", "221054410"),  # the number of line 5069 (Анализируй это! / Анализируй то!)
    5537: ("production_country", "Корея"),
    7249: ("production_country", "2019"),  # a year in the country column
}
# mkrf_shows.csv rows whose certificate was rejected above (line in shows -> line in movies).
REJECTED_SHOWS = {66: 3188, 547: 77, 2001: 5537}
TIMESTAMP = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"


def _raw_lines() -> list[str]:
    return MOVIES.read_bytes().decode("utf-8-sig").split("\n")[:-1]  # the file ends with a line break


def _unwrapped_lines() -> list[str]:
    """The register as published: each wrapped line's `;` cells joined again (trailing padding dropped)."""
    lines = []
    for raw in _raw_lines():
        cells = next(csv.reader([raw], delimiter=";"))
        while cells and cells[-1] == "":
            cells.pop()
        lines.append(";".join(cells))
    return lines


def _certificate_numbers() -> dict[int, str]:
    """line -> the field before the show_start_date timestamp, found with a regular expression on the raw text."""
    numbers = {}
    for line, text in enumerate(_unwrapped_lines()[1:], start=2):
        match = re.search(rf",([^,]*),{TIMESTAMP},", text)
        assert match, line
        numbers[line] = match[1].strip()
    return numbers


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cinecoop", *args], cwd=ROOT, capture_output=True, text=True, timeout=240)


@pytest.fixture(scope="module")
def real_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("real") / "out"
    result = _run_cli("import", "mkrf", "--movies", str(MOVIES), "--shows", str(SHOWS), "--out", str(out), "--json")
    return result, out


def test_fixtures_are_the_real_files_byte_for_byte():
    for name, digest in FIXTURE_SHA256.items():
        assert hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() == digest, name


def test_real_register_imports_every_row_it_can_and_names_each_rejected_one(real_import):
    result, out = real_import
    assert result.returncode == 1, result.stderr  # some rows rejected
    report = json.loads(result.stdout)

    movies_read = len(_raw_lines()) - 1
    shows_read = len(SHOWS.read_text(encoding="utf-8").splitlines()) - 1
    assert (movies_read, shows_read) == (7485, 3158)  # the README's counts
    assert report["inputs"] == [
        {"file": "mkrf_movies.csv", "rows_read": movies_read, "rows_written": movies_read - 11, "rows_rejected": 11},
        {"file": "mkrf_shows.csv", "rows_read": shows_read, "rows_written": shows_read - 3, "rows_rejected": 3},
    ]
    for count in report["inputs"]:
        assert count["rows_read"] == count["rows_written"] + count["rows_rejected"]

    movie_problems = {(p["line"], p["column"], p["value"]) for p in report["problems"] if p["file"] == "mkrf_movies.csv"}
    assert movie_problems == {(line, column, value) for line, (column, value) in REJECTED_MOVIES.items()}
    show_problems = {p["line"]: p for p in report["problems"] if p["file"] == "mkrf_shows.csv"}
    assert set(show_problems) == set(REJECTED_SHOWS)
    for show_line, movie_line in REJECTED_SHOWS.items():
        assert f"line {movie_line}" in show_problems[show_line]["message"]
        assert "rejected" in show_problems[show_line]["message"]
    for problem in report["problems"]:
        assert problem["message"].strip(), problem

    releases = _read_csv(out / "releases" / "mkrf.csv")
    assert len(releases) == movies_read - 11
    written_numbers = {row["release_id"] for row in releases}
    numbers = _certificate_numbers()
    assert written_numbers == {number for line, number in numbers.items() if line not in REJECTED_MOVIES}
    assert report["unmapped_countries"] == {"Корея": 2, "ЧССР": 2, "2019": 1, "Чехословакия": 1}


def test_duplicate_and_non_numeric_certificate_numbers_are_found_as_plain_python_finds_them(real_import):
    numbers = _certificate_numbers()
    first_line: dict[str, int] = {}
    duplicates = {}
    for line, number in numbers.items():
        if number in first_line:
            duplicates[line] = first_line[number]
        first_line.setdefault(number, line)
    assert duplicates == {4641: 4640, 5070: 5069}
    assert [line for line, number in numbers.items() if not number.isdigit()] == [1799]

    report = json.loads(real_import[0].stdout)
    messages = {p["line"]: p["message"] for p in report["problems"] if p["file"] == "mkrf_movies.csv"}
    for line, first in duplicates.items():
        assert f"already given on line {first}" in messages[line]


def test_iranian_certificates_are_all_written_with_iran_among_their_countries(real_import):
    _, out = real_import
    numbers = _certificate_numbers()
    iranian = {numbers[line] for line, text in enumerate(_unwrapped_lines()[1:], start=2) if "Иран" in text}
    assert len(iranian) == 14  # the README's count
    releases = _read_csv(out / "releases" / "mkrf.csv")
    assert {row["release_id"] for row in releases if "IR" in row["film_country"].split(";")} == iranian
    by_number = {row["release_id"]: row for row in releases}
    # Read by hand: Коммивояжер (line 6053) is Иран - Франция; Копия верна is Франция - Италия - Иран.
    assert by_number["121000417"]["film_country"] == "IR;FR"
    assert by_number["121024010"]["film_country"] == "FR;IT;IR"
    assert by_number["121021911"]["film_title"] == "Развод Надера и Симин"
    assert (by_number["121021911"]["gross"], by_number["121021911"]["currency"]) == ("1200.0", "RUB")


def test_written_tables_follow_the_contract(real_import):
    _, out = real_import
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*")) == [
        "films",
        "films/mkrf.csv",
        "releases",
        "releases/mkrf.csv",
    ]
    with (out / "releases" / "mkrf.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(RELEASES_COLUMNS)
    with (out / "films" / "mkrf.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(FILMS_COLUMNS)
    releases = _read_csv(out / "releases" / "mkrf.csv")
    films = _read_csv(out / "films" / "mkrf.csv")
    film_ids = [row["film_id"] for row in films]
    assert len(set(film_ids)) == len(film_ids)
    assert len({row["release_id"] for row in releases}) == len(releases)
    for row in releases:
        assert re.fullmatch(r"[0-9]+", row["release_id"]), row
        assert row["film_id"] in set(film_ids), row
        assert row["film_title"].strip() == row["film_title"] and row["film_title"], row
        codes = row["film_country"].split(";")
        assert codes and set(codes) <= COUNTRY_CODES, row
        assert row["host_country"] == "RU"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["release_date"]), row
        assert row["distributor"] == "" and row["admissions"] == ""
        assert re.fullmatch(r"(\d+(\.\d+)?)?", row["gross"]), row
        assert row["currency"] == ("RUB" if row["gross"] else ""), row
        assert row["source"].startswith("register of distribution certificates, Ministry of Culture of Russia")
    for row in films:
        assert row["original_title"] and row["title_ru"] == row["original_title"]
        assert set(row["countries"].split(";")) <= COUNTRY_CODES, row
        assert row["source"] == "register of distribution certificates, Ministry of Culture of Russia"
    # Every film has a release, and the films are exactly the releases' films.
    assert {row["film_id"] for row in releases} == set(film_ids)


def test_gross_is_the_box_office_file_and_blank_where_it_has_none(real_import):
    _, out = real_import
    releases = _read_csv(out / "releases" / "mkrf.csv")
    shows = _read_csv(SHOWS)
    numbers = _certificate_numbers()
    rejected_numbers = {numbers[line] for line in REJECTED_MOVIES}
    expected = {row["puNumber"]: decimal.Decimal(row["box_office"]) for row in shows if row["puNumber"] not in rejected_numbers}
    assert len(expected) == 3158 - 3
    written = {row["release_id"]: decimal.Decimal(row["gross"]) for row in releases if row["gross"]}
    assert written == expected
    assert sum(written.values()) == sum(expected.values())
    assert sum(1 for row in releases if not row["gross"]) == len(releases) - len(expected)  # unknown, never 0


def test_certificates_of_one_film_share_its_film_id(real_import):
    _, out = real_import
    releases = {row["release_id"]: row for row in _read_csv(out / "releases" / "mkrf.csv")}
    # Особо опасен (Бекмамбетов) has three certificates: lines 4, 5, 6; the earliest is 221030815 (2015-07-29).
    assert {releases[number]["film_id"] for number in ("221038416", "221026916", "221030815")} == {"mkrf-221030815"}
    # Клык, lines 4779 (Гиоргос Лантимос, 2010) and 6841 (Йоргос Лантимос, 2019): one film, the director spelt twice.
    assert releases["121005610"]["film_id"] == releases["121006919"]["film_id"] == "mkrf-121005610"
    # Возмездие_ (Столпер, СССР), Возмездие._ (Теплицки) and Возмездие- (Кэмпбэлл): one title, three films.
    titles = {row["film_id"] for row in releases.values() if row["film_title"].rstrip("._-") == "Возмездие"}
    assert len(titles) == 3
    films = _read_csv(out / "films" / "mkrf.csv")
    report = json.loads(real_import[0].stdout)
    merged = len(releases) - len(films)
    assert any(f"{len(films):,} films from {len(releases):,} certificates; {merged:,} certificates" in note for note in report["notes"])


def test_unquoted_commas_in_titles_are_put_back_and_the_note_says_where(real_import):
    result, out = real_import
    releases = {row["release_id"]: row for row in _read_csv(out / "releases" / "mkrf.csv")}
    # Read by hand in the raw lines 31, 4071 and 691 (the last also split by the spreadsheet at its ";").
    assert releases["111014116"]["film_title"] == "Плюмбум, или Опасная игра"
    assert releases["211042410"]["film_title"] == "Маргоша (серии №№ 1, 10, 14, 17, 20, 27, 34, 42, 52, 60)"
    assert releases["121010613"]["film_title"] == "Беспредел (Outrage; Autoreiji)"
    assert releases["121010613"]["film_country"] == "JP"
    split = [line for line, text in enumerate(_unwrapped_lines()[1:], start=2) if len(next(csv.reader([text]))) > 15]
    written_split = [line for line in split if line not in REJECTED_MOVIES]
    note = next(note for note in json.loads(result.stdout)["notes"] if "unquoted commas in title" in note)
    assert note.startswith(f"mkrf_movies.csv: {len(written_split):,} rows had unquoted commas in title")
    assert note.endswith(", ".join(str(line) for line in written_split) + ".")


def test_soviet_films_read_as_russia_with_a_note_naming_their_lines(real_import):
    result, out = real_import
    releases = {row["release_id"]: row for row in _read_csv(out / "releases" / "mkrf.csv")}
    assert releases["111013716"]["film_country"] == "RU"  # line 3: Особо важное задание, СССР
    assert releases["111011413"]["film_country"] == "RU;DE"  # line 1289: СССР, ФРГ, Западный Берлин
    soviet = [line for line, text in enumerate(_unwrapped_lines()[1:], start=2) if "СССР" in text and line not in REJECTED_MOVIES]
    note = next(
        note for note in json.loads(result.stdout)["notes"] if note.startswith("mkrf_movies.csv: production_country 'СССР' read as RU")
    )
    assert "successor" in note
    assert note.endswith("lines " + ", ".join(str(line) for line in soviet) + ".")
    assert len(soviet) == 405


def _published(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _resaved(lines: list[str], delimiter: str) -> str:
    """What a spreadsheet writes after reading the published file as comma-separated (extra fields and all)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for fields in csv.reader(lines):
        writer.writerow(fields)
    return buffer.getvalue()


def _shows_resaved(decimal_comma: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for number, amount in csv.reader(SHOWS.read_text(encoding="utf-8").splitlines()):
        writer.writerow([number, amount.replace(".", ",") if decimal_comma else amount])
    return buffer.getvalue()


VARIANTS = {
    # as published: UTF-8, comma, no wrapping
    "published": (lambda lines: _published(lines).encode("utf-8"), lambda: SHOWS.read_bytes()),
    # a Russian-locale spreadsheet's "CSV": Windows-1251, semicolons, decimal commas
    "cp1251-semicolon": (lambda lines: _resaved(lines, ";").encode("cp1251"), lambda: _shows_resaved(True).encode("cp1251")),
    # its "CSV UTF-8": byte-order mark, semicolons
    "utf8-bom-semicolon": (
        lambda lines: b"\xef\xbb\xbf" + _resaved(lines, ";").encode("utf-8"),
        lambda: _shows_resaved(False).encode("utf-8-sig"),
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_resaved_variants_give_the_same_numbers_and_the_same_tables(variant, real_import, tmp_path):
    _, real_out = real_import
    movies_bytes, shows_bytes = VARIANTS[variant]
    movies = tmp_path / "mkrf_movies.csv"
    shows = tmp_path / "mkrf_shows.csv"
    movies.write_bytes(movies_bytes(_unwrapped_lines()))
    shows.write_bytes(shows_bytes())
    assert movies.read_bytes() != MOVIES.read_bytes()

    report = run_import(movies, shows, tmp_path / "out")
    real = json.loads(real_import[0].stdout)
    assert [count.as_dict() for count in report.inputs] == real["inputs"]
    assert [(p.file, p.line, p.column, p.value) for p in report.problems] == [
        (p["file"], p["line"], p["column"], p["value"]) for p in real["problems"]
    ]
    assert report.unmapped_countries == real["unmapped_countries"]
    for part in ("films/mkrf.csv", "releases/mkrf.csv"):
        assert (tmp_path / "out" / part).read_bytes() == (real_out / part).read_bytes(), part
    read_as = next(note for note in report.notes if note.startswith("mkrf_movies.csv: read as"))
    expected_form = {
        "published": "UTF-8, comma-separated",
        "cp1251-semicolon": "Windows-1251",
        "utf8-bom-semicolon": "byte-order mark, semicolon",
    }
    assert expected_form[variant] in read_as


def test_wrapped_file_without_padding_is_recognised(tmp_path):
    # A spreadsheet pads wrapped lines with empty `;` cells only when some line held a `;`; without any there is none.
    lines = [
        "title,puNumber,show_start_date,production_country,director",
        '"Плюмбум, или Опасная игра",111014116,2016-09-13T12:00:00.000Z,СССР,В.Абдрашитов',
        "Такси (2015),121018615,2015-09-11T12:00:00.000Z,Иран,Джафар Панахи",
    ]
    wrapped = "\n".join('"' + line.replace('"', '""') + '"' if '"' in line else line for line in lines) + "\n"
    movies = tmp_path / "movies.csv"
    movies.write_text(wrapped, encoding="utf-8")
    shows = tmp_path / "shows.csv"
    shows.write_text("puNumber,box_office\n121018615,687596.5\n", encoding="utf-8")
    report = run_import(movies, shows, tmp_path / "out")
    assert report.exit_code == 0, report.problems
    releases = _read_csv(tmp_path / "out" / "releases" / "mkrf.csv")
    assert [(row["release_id"], row["film_title"], row["film_country"], row["gross"]) for row in releases] == [
        ("111014116", "Плюмбум, или Опасная игра", "RU", ""),
        ("121018615", "Такси (2015)", "IR", "687596.5"),
    ]


MOVIES_HEADER = "title,puNumber,show_start_date,type,film_studio,production_country,director,producer,age_restriction,refundable_support,nonrefundable_support,budget,financing_source,ratings,genres"


def _small_import(
    tmp_path: Path, movie_rows: list[str], show_rows: list[str], header: str = MOVIES_HEADER
) -> tuple[subprocess.CompletedProcess[str], Path]:
    movies = tmp_path / "movies.csv"
    movies.write_text("\n".join([header, *movie_rows]) + "\n", encoding="utf-8")
    shows = tmp_path / "shows.csv"
    shows.write_text("\n".join(["puNumber,box_office", *show_rows]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _run_cli("import", "mkrf", "--movies", str(movies), "--shows", str(shows), "--out", str(out), "--json")
    return result, out


def test_clean_files_exit_0_and_json_has_exactly_the_promised_keys(tmp_path):
    result, out = _small_import(
        tmp_path,
        [
            'Такси (2015),121018615,2015-09-11T12:00:00.000Z,Художественный,Джафар Панахи Продакшнз,Иран,Джафар Панахи,,«16+» - для детей старше 16 лет,,,,,7.2,"драма,комедия"',
            "Особо важное задание,111013716,13.09.2016,Художественный,Мосфильм,СССР,Е.Матвеев,,«6+» - для детей старше 6 лет,,,,,6.6,драма",
        ],
        ["121018615,687596.5"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert set(report) == {"source", "inputs", "problems", "unmapped_countries", "notes"}
    assert report["source"] == "register of distribution certificates, Ministry of Culture of Russia"
    assert all(set(count) == {"file", "rows_read", "rows_written", "rows_rejected"} for count in report["inputs"])
    assert report["inputs"] == [
        {"file": "movies.csv", "rows_read": 2, "rows_written": 2, "rows_rejected": 0},
        {"file": "shows.csv", "rows_read": 1, "rows_written": 1, "rows_rejected": 0},
    ]
    assert report["problems"] == [] and report["unmapped_countries"] == {}
    assert all(isinstance(note, str) for note in report["notes"])
    releases = _read_csv(out / "releases" / "mkrf.csv")
    assert [(row["release_id"], row["release_date"], row["film_country"]) for row in releases] == [
        ("121018615", "2015-09-11", "IR"),
        ("111013716", "2016-09-13", "RU"),
    ]
    films = _read_csv(out / "films" / "mkrf.csv")
    assert [(row["film_id"], row["original_title"], row["countries"], row["genre"]) for row in films] == [
        ("mkrf-111013716", "Особо важное задание", "RU", "драма"),
        ("mkrf-121018615", "Такси (2015)", "IR", "драма;комедия"),
    ]
    assert any("'СССР' read as RU" in note and "line 3" in note for note in report["notes"])


def test_an_unknown_country_is_rejected_counted_and_never_guessed(tmp_path):
    result, out = _small_import(
        tmp_path,
        [
            "Атлантида зовет,121000001,2015-01-01T12:00:00.000Z,Художественный,,Атлантида - Франция,Некто,,,,,,,,",
            "Ещё раз,121000002,2015-01-02T12:00:00.000Z,Художественный,,Атлантида,Некто другой,,,,,,,,",
            "Франция в кадре,121000003,2015-01-03T12:00:00.000Z,Художественный,,Франция,Третий,,,,,,,,",
        ],
        ["121000001,10.0", "121000003,20.0", "999999999,5.0"],
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["unmapped_countries"] == {"Атлантида": 2}
    assert [(p["file"], p["line"], p["column"], p["value"]) for p in report["problems"]] == [
        ("movies.csv", 2, "production_country", "Атлантида"),
        ("movies.csv", 3, "production_country", "Атлантида"),
        ("shows.csv", 2, "puNumber", "121000001"),
        ("shows.csv", 4, "puNumber", "999999999"),
    ]
    assert "never guessed" in report["problems"][0]["message"]
    assert "names no certificate" in report["problems"][3]["message"]
    assert report["inputs"][0] == {"file": "movies.csv", "rows_read": 3, "rows_written": 1, "rows_rejected": 2}
    assert report["inputs"][1] == {"file": "shows.csv", "rows_read": 3, "rows_written": 1, "rows_rejected": 2}
    assert [row["release_id"] for row in _read_csv(out / "releases" / "mkrf.csv")] == ["121000003"]


def test_bad_dates_titles_amounts_and_repeated_rows_are_rejected_with_their_reason(tmp_path):
    result, _ = _small_import(
        tmp_path,
        [
            ",121000001,2015-01-01T12:00:00.000Z,,,Франция,А,,,,,,,,",
            "Когда-нибудь,121000002,скоро,,,Франция,Б,,,,,,,,",
            "Тридцатое,121000003,2015-02-30,,,Франция,В,,,,,,,,",
            "Фильм,121000004,2015-01-04,,,Франция,Г,,,,,,,,",
            "Фильм,121000004,2015-01-04,,,Франция,Г,,,,,,,,",
        ],
        ["121000004,-5", "121000004,abc"],
    )
    assert result.returncode == 1
    problems = [(p["line"], p["column"], p["message"]) for p in json.loads(result.stdout)["problems"]]
    assert problems[0] == (2, "title", "title is blank: a release needs the film's title")
    assert problems[1][:2] == (3, "show_start_date") and "is not a date" in problems[1][2]
    assert problems[2][:2] == (4, "show_start_date")
    assert problems[3] == (6, "puNumber", "puNumber 121000004 was already given on line 5 with the same data: the first row keeps it")
    assert problems[4][:2] == (2, "box_office") and "'-5' is not an amount" in problems[4][2]
    assert problems[5][:2] == (3, "box_office")


def test_a_missing_column_writes_nothing_and_says_which(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "films").mkdir()
    (out / "films" / "mkrf.csv").write_text("an earlier import\n", encoding="utf-8")
    header = MOVIES_HEADER.replace(",production_country", "")
    result, out = _small_import(tmp_path, ["Фильм,121000004,2015-01-04,,,Г,,,,,,,,"], [], header=header)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["problems"] == [
        {
            "file": "movies.csv",
            "line": 1,
            "column": "production_country",
            "value": None,
            "message": "has no column production_country (its columns are: " + header.replace(",", ", ") + ")",
        }
    ]
    assert any(note.startswith("Nothing was written") for note in report["notes"])
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*")) == ["films", "films/mkrf.csv"]
    assert (out / "films" / "mkrf.csv").read_text(encoding="utf-8") == "an earlier import\n"


def test_a_box_office_file_without_amounts_writes_nothing_and_counts_the_register_as_not_written(tmp_path):
    movies = tmp_path / "movies.csv"
    movies.write_text(MOVIES_HEADER + "\nФильм,121000004,2015-01-04,,,Франция,Г,,,,,,,,\n", encoding="utf-8")
    shows = tmp_path / "shows.csv"
    shows.write_text("puNumber;gross\n121000004;5\n", encoding="utf-8")
    report = run_import(movies, shows, tmp_path / "out")
    assert report.failed and report.exit_code == 1
    assert [problem.as_dict() for problem in report.problems] == [
        {
            "file": "shows.csv",
            "line": 1,
            "column": "box_office",
            "value": None,
            "message": "has no column box_office (its columns are: puNumber, gross)",
        }
    ]
    assert [count.as_dict() for count in report.inputs] == [
        {"file": "movies.csv", "rows_read": 1, "rows_written": 0, "rows_rejected": 1},
        {"file": "shows.csv", "rows_read": 0, "rows_written": 0, "rows_rejected": 0},
    ]
    assert not (tmp_path / "out").exists()


def test_a_failed_write_leaves_no_half_written_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "films").mkdir()
    (out / "films" / "mkrf.csv").write_text("an earlier import\n", encoding="utf-8")
    (out / "releases").write_text("a file where the releases folder should be\n", encoding="utf-8")
    result, _ = _small_import(tmp_path, ["Фильм,121000004,2015-01-04,,,Франция,Г,,,,,,,,"], [])
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert "cannot be written" in report["problems"][-1]["message"]
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*")) == ["films", "films/mkrf.csv", "releases"]
    assert (out / "films" / "mkrf.csv").read_text(encoding="utf-8") == "an earlier import\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        ("title,puNumber\n".encode("utf-16"), "is UTF-16"),
        (b"title,puNumber\x00\n", "binary data"),
    ],
)
def test_an_unreadable_file_writes_nothing(tmp_path, content, message):
    movies = tmp_path / "movies.csv"
    movies.write_bytes(content)
    report = run_import(movies, SHOWS, tmp_path / "out")
    assert report.exit_code == 1 and report.failed
    assert message in report.problems[0].message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_usage_errors_exit_2(tmp_path):
    assert _run_cli("import").returncode == 2
    assert _run_cli("import", "mkrf", "--movies", str(MOVIES)).returncode == 2
    result = _run_cli("import", "mkrf", "--movies", str(tmp_path / "nope.csv"), "--shows", str(SHOWS), "--out", str(tmp_path / "o"))
    assert result.returncode == 2 and "no such file" in result.stderr
    result = _run_cli("import", "mkrf", "--movies", str(MOVIES), "--shows", str(SHOWS), "--out", str(tmp_path / "a" / "b"))
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert not (tmp_path / "o").exists()


def test_summary_without_json_is_readable(tmp_path):
    movies = tmp_path / "movies.csv"
    movies.write_text(MOVIES_HEADER + "\nФильм,121000004,2015-01-04,,,Франция; Чехословакия,Г,,,,,,,,\n", encoding="utf-8")
    result = _run_cli("import", "mkrf", "--movies", str(movies), "--shows", str(SHOWS), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert re.search(r"movies\.csv +read +1 +written +0 +rejected +1\n", result.stdout), result.stdout
    assert "movies.csv line 2, column production_country, value 'Чехословакия'" in result.stdout
    assert "NOT OK" in result.stdout


def test_validate_accepts_the_import_of_the_real_register(real_import):
    _, out = real_import
    result = _run_cli("validate", "--data", str(out), "--json")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    files = {entry["file"]: entry for entry in json.loads(result.stdout)["files"]}
    releases = next(entry for name, entry in files.items() if "releases" in name)
    assert (releases["rows_read"], releases["rows_loaded"], releases["rows_rejected"]) == (7474, 7474, 0)
