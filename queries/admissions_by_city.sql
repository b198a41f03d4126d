-- title: Admissions by screening city
-- question: In which cities were the films shown, where are they on the map, and how many people came?
-- grain: one row per city and host country with screenings in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   city: the city as exported (text)
--   host_country: ISO code of its country (text)
--   lat: latitude from reference/cities.csv, empty when the city is not in it (degrees)
--   lon: longitude from reference/cities.csv, empty when the city is not in it (degrees)
--   screenings: sessions held (count)
--   admissions: admissions, empty when no screening in the city has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: screenings

WITH by_city AS (
    SELECT
        city,
        host_country,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions
    FROM venue_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY city, host_country
)

SELECT
    by_city.city,
    by_city.host_country,
    cities.lat::DOUBLE AS lat,
    cities.lon::DOUBLE AS lon,
    by_city.screenings::BIGINT AS screenings,
    by_city.admissions::BIGINT AS admissions,
    by_city.screenings_with_admissions::BIGINT AS screenings_with_admissions
FROM by_city
LEFT JOIN cities
    ON
        lower(by_city.city) = lower(cities.city)
        AND by_city.host_country = cities.country
ORDER BY admissions DESC NULLS LAST, by_city.city ASC
