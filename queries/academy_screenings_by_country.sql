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

WITH program_screenings AS (
    SELECT
        host_country,
        screening_date,
        film_key,
        sessions,
        admissions
    FROM screenings_in_scope($start_date, $end_date, ['Eurasian Film Academy'], $host_countries, $film_countries)
)

SELECT
    program_screenings.host_country,
    coalesce(countries.name_en, program_screenings.host_country) AS country_name,
    sum(program_screenings.sessions)::BIGINT AS screenings,
    sum(program_screenings.admissions)::BIGINT AS admissions,
    screenings_with_admissions(program_screenings.sessions, program_screenings.admissions) AS screenings_with_admissions,
    count(DISTINCT program_screenings.film_key)::BIGINT AS films,
    min(program_screenings.screening_date) AS first_screening,
    max(program_screenings.screening_date) AS last_screening
FROM program_screenings
LEFT JOIN countries ON program_screenings.host_country = countries.code
GROUP BY program_screenings.host_country, countries.name_en
ORDER BY admissions DESC NULLS LAST, program_screenings.host_country ASC
