-- title: Flows from film countries to host countries
-- question: Whose films were seen where, among all the countries in the data, and by how many people?
-- grain: one row per production-country combination (a co-production such as IR;RU is its own origin) and host country
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   film_country: the production countries of the films, separated by ; (text)
--   host_country: ISO code of the country where they were shown (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: exchange

SELECT
    film_country,
    host_country,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions
FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY film_country, host_country
ORDER BY admissions DESC NULLS LAST, film_country ASC, host_country ASC
