-- title: Screenings and admissions by host country
-- question: In which countries were the films shown, and how many people came in each?
-- grain: one row per host country with screenings in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   host_country: ISO code of the country where the screenings took place (text)
--   country_name: its English name (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when no screening there has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   occupancy: admissions of rows with known admissions and known seats above zero divided by their seats (ratio, empty when there are none)
-- pages: screenings

WITH by_country AS (
    SELECT
        host_country,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        occupancy_of_sums(occupied_admissions, occupied_seats) AS occupancy
    FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY host_country
)

SELECT
    by_country.host_country,
    coalesce(countries.name_en, by_country.host_country) AS country_name,
    by_country.screenings::BIGINT AS screenings,
    by_country.admissions::BIGINT AS admissions,
    by_country.screenings_with_admissions::BIGINT AS screenings_with_admissions,
    by_country.occupancy
FROM by_country
LEFT JOIN countries ON by_country.host_country = countries.code
ORDER BY admissions DESC NULLS LAST, by_country.host_country ASC
