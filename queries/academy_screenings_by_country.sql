-- title: Eurasian Film Academy screenings by host country
-- question: Where did the Eurasian Film Academy hold screenings in the period, and how many people came?
-- grain: one row per host country with Eurasian Film Academy screenings that match the filters
-- parameters: start_date, end_date, host_countries, film_countries
-- columns:
--   host_country: ISO code of the host country (text)
--   country_name: its English name, the code when unknown (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when no screening there has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   films: distinct films shown, a film under several titles counted once (count)
--   first_screening: the first screening day (date)
--   last_screening: the last screening day (date)
-- pages: regional

WITH by_country AS (
    SELECT
        host_country,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        count(DISTINCT film_key) AS films,
        min(screening_date) AS first_screening,
        max(screening_date) AS last_screening
    FROM film_days_in_scope($start_date, $end_date, ['Eurasian Film Academy'], $host_countries, $film_countries)
    GROUP BY host_country
)

SELECT
    by_country.host_country,
    coalesce(countries.name_en, by_country.host_country) AS country_name,
    by_country.screenings::BIGINT AS screenings,
    by_country.admissions::BIGINT AS admissions,
    by_country.screenings_with_admissions::BIGINT AS screenings_with_admissions,
    by_country.films::BIGINT AS films,
    by_country.first_screening,
    by_country.last_screening
FROM by_country
LEFT JOIN countries ON by_country.host_country = countries.code
ORDER BY admissions DESC NULLS LAST, by_country.host_country ASC
