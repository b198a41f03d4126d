-- title: Film details
-- question: Which film is this: its titles in Persian, Russian and English, every spelling it was exported under, its countries, year and genre, and what it did in all the data?
-- grain: one row for the film identity $film_key (none when no film has that key); the dashboard filters do not apply: a film's page shows its whole record
-- parameters: film_key
-- columns:
--   film_key: the film's key, its film_id or ~ and its title's key (text)
--   film_id: its id in films.csv, empty for a title that matches no film (text)
--   film_title: the film's name: its English title, else the original one, else the title most exported (text)
--   original_title: its original title, from films.csv (text)
--   title_en: its English title, from films.csv (text)
--   title_fa: its Persian title, from films.csv (text)
--   title_ru: its Russian title, from films.csv (text)
--   titles: every title it is known or exported under, separated by ; (text)
--   year: its production year, from films.csv (year)
--   countries: its production countries from films.csv, else as most often exported, separated by ; (text)
--   genre: its genre from films.csv, else as most often exported (text)
--   screenings: sessions held, over all the data (count)
--   admissions: admissions, empty when none of its screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   first_screening: the first screening day (date)
--   last_screening: the last screening day (date)
--   releases: national releases (count)
--   first_release: the first release day (date)
-- pages: film

WITH identity AS (
    SELECT *
    FROM film_identities
    WHERE film_key = $film_key
),

shown AS (
    SELECT
        sum(sessions) AS screenings,
        sum(admissions) AS admissions,
        screenings_with_admissions(sessions, admissions) AS screenings_with_admissions,
        min(screening_date) AS first_screening,
        max(screening_date) AS last_screening,
        mode(film_country) AS film_country,
        mode(genre) AS genre
    FROM screening_facts
    WHERE film_key = $film_key
),

released AS (
    SELECT
        count(*) AS releases,
        min(release_date) AS first_release,
        mode(film_country) AS film_country
    FROM release_facts
    WHERE film_key = $film_key
)

SELECT
    identity.film_key,
    identity.film_id,
    identity.film_title,
    identity.original_title,
    identity.title_en,
    identity.title_fa,
    identity.title_ru,
    array_to_string(identity.titles, '; ') AS titles,
    identity.year,
    coalesce(array_to_string(identity.countries, ';'), shown.film_country, released.film_country) AS countries,
    coalesce(identity.genre, shown.genre) AS genre,
    coalesce(shown.screenings, 0)::BIGINT AS screenings,
    shown.admissions::BIGINT AS admissions,
    shown.screenings_with_admissions,
    shown.first_screening,
    shown.last_screening,
    released.releases::BIGINT AS releases,
    released.first_release
FROM identity
CROSS JOIN shown
CROSS JOIN released
