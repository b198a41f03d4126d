-- title: A country's films
-- question: Which films made in this country (alone or as a co-production) were shown, where, and how many people saw them?
-- grain: one row per film identity whose production countries hold $country_key, most admissions first; the dashboard filters do not apply
-- parameters: country_key
-- columns:
--   film_key: the film's key, for its own page (text)
--   film_title: the film's name (text)
--   film_country: its production countries as most often exported (on a tie, the first in alphabetical order), separated by ; (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none is known (people)
--   screenings_with_admissions: sessions whose admissions are known (count)
--   host_countries: where it was shown, separated by ; (text)
-- pages: country

WITH by_film_country AS (
    SELECT
        film_key,
        film_country,
        sum(screening_rows) AS screening_rows,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        list(DISTINCT host_country) AS host_countries
    FROM film_day_facts
    WHERE list_contains(film_countries, $country_key)
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
        coalesce(sum(screenings_with_admissions), 0)::BIGINT AS screenings_with_admissions,
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
    by_film.screenings_with_admissions,
    by_film.host_countries
FROM by_film
INNER JOIN film_identities ON by_film.film_key = film_identities.film_key
ORDER BY admissions DESC NULLS LAST, screenings DESC, film_identities.film_title ASC
