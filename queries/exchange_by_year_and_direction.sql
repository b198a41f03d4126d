-- title: Exchange by year and direction
-- question: Year by year, how many titles, screenings and admissions went each way between the focus pair, and how many were co-productions?
-- grain: one row per year and direction, for screenings inside the focus pair (A→B, B→A or co-production)
-- parameters: start_date, end_date, programs, host_countries, film_countries, country_a, country_b, calendar
-- columns:
--   year: calendar year of the screenings; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   direction: A→B, B→A or co-production, e.g. IR→RU (text)
--   titles: distinct film titles shown (count)
--   screenings: sessions held (count)
--   admissions: admissions (people)
-- pages: exchange

WITH directed AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
        film_title,
        sessions,
        admissions,
        exchange_direction(film_countries, host_country, $country_a, $country_b) AS direction
    FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
)

SELECT
    year,
    direction,
    count(DISTINCT film_title)::BIGINT AS titles,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions
FROM directed
WHERE direction <> 'outside the pair'
GROUP BY year, direction
ORDER BY year, direction
