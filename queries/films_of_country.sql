-- title: A country's films
-- question: Which films made in this country (alone or as a co-production) were shown, where, and how many people saw them?
-- grain: one row per film identity whose production countries hold $country_key, most admissions first; the dashboard filters do not apply
-- parameters: country_key
-- columns:
--   film_key: the film's key, for its own page (text)
--   film_title: the film's name (text)
--   film_country: its production countries, separated by ; (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none is known (people)
--   screenings_with_admissions: sessions whose admissions are known (count)
--   host_countries: where it was shown, separated by ; (text)
-- pages: country

WITH its_films AS (
    SELECT *
    FROM screening_facts
    WHERE list_contains(film_countries, $country_key)
)

SELECT
    its_films.film_key,
    film_identities.film_title,
    mode(its_films.film_country) AS film_country,
    sum(its_films.sessions)::BIGINT AS screenings,
    sum(its_films.admissions)::BIGINT AS admissions,
    screenings_with_admissions(its_films.sessions, its_films.admissions) AS screenings_with_admissions,
    string_agg(DISTINCT its_films.host_country, ';' ORDER BY its_films.host_country) AS host_countries
FROM its_films
INNER JOIN film_identities ON its_films.film_key = film_identities.film_key
GROUP BY its_films.film_key, film_identities.film_title
ORDER BY admissions DESC NULLS LAST, screenings DESC, film_identities.film_title ASC
