-- title: Co-productions of the focus pair
-- question: Which films made together by the focus pair were shown, where, and how many people saw them?
-- grain: one row per film title whose production countries hold both countries of the focus pair
-- parameters: start_date, end_date, programs, host_countries, film_countries, country_a, country_b
-- columns:
--   film_title: the film (text)
--   film_country: its production countries, separated by ; (text)
--   first_screening: the first screening in the selection (date)
--   screenings: sessions held (count)
--   admissions: admissions (people)
--   host_countries: countries where it was shown, separated by ; (text)
-- pages: exchange

SELECT
    film_title,
    film_country,
    min(screening_date) AS first_screening,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    string_agg(DISTINCT host_country, ';' ORDER BY host_country) AS host_countries
FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
WHERE exchange_direction(film_countries, host_country, $country_a, $country_b) = 'co-production'
GROUP BY film_title, film_country
ORDER BY admissions DESC, film_title ASC
