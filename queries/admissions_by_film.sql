-- title: Top films by admissions
-- question: Which films drew the most people?
-- grain: one row per film title and production countries, the 15 with the most admissions
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   film_title: the film (text)
--   film_country: its production countries, separated by ; (text)
--   screenings: sessions held (count)
--   admissions: admissions (people)
--   host_countries: countries where it was shown, separated by ; (text)
-- pages: screenings

SELECT
    film_title,
    film_country,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    string_agg(DISTINCT host_country, ';' ORDER BY host_country) AS host_countries
FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY film_title, film_country
ORDER BY admissions DESC, film_title ASC
LIMIT 15
