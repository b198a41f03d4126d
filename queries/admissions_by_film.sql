-- title: Top films by admissions
-- question: Which films drew the most people?
-- grain: one row per film identity (a film of films.csv under all its titles, else a title of its own), the 15 with the most admissions; films whose admissions are unknown come last
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   film_key: the film's key, its film_id or ~ and its title's key; the film page's link (text)
--   film_title: the film's name: its English title, else the original one, else the title most exported (text)
--   film_country: its production countries as most often exported (on a tie, the first in alphabetical order), separated by ; (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of its screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   host_countries: countries where it was shown, separated by ; (text)
-- pages: screenings

WITH by_film_country AS (
    SELECT
        film_key,
        film_country,
        sum(screening_rows) AS screening_rows,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        list(DISTINCT host_country) AS host_countries
    FROM film_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY film_key, film_country
),

-- One row per film; its production countries are those recorded on most of its screening rows (on a tie, the first in
-- alphabetical order).
by_film AS (
    SELECT
        film_key,
        first(film_country ORDER BY screening_rows DESC, film_country ASC) AS film_country,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        array_to_string(list_sort(list_distinct(flatten(list(host_countries)))), ';') AS host_countries
    FROM by_film_country
    GROUP BY film_key
)

SELECT
    by_film.film_key,
    film_identities.film_title,
    by_film.film_country,
    by_film.screenings::BIGINT AS screenings,
    by_film.admissions::BIGINT AS admissions,
    by_film.screenings_with_admissions::BIGINT AS screenings_with_admissions,
    by_film.host_countries
FROM by_film
INNER JOIN film_identities ON by_film.film_key = film_identities.film_key
ORDER BY admissions DESC NULLS LAST, film_identities.film_title ASC, by_film.film_key ASC
LIMIT 15
