-- title: Admissions by month and direction
-- question: How many people saw films each way between the focus pair, month by month?
-- grain: one row per month and direction, for screenings inside the focus pair (A→B, B→A or co-production)
-- parameters: start_date, end_date, programs, host_countries, film_countries, country_a, country_b, calendar
-- columns:
--   month: first day of the month; with calendar jalali, the Gregorian date of the 1st of the Solar Hijri month (date)
--   direction: A→B, B→A or co-production, e.g. IR→RU (text)
--   screenings: sessions held (count)
--   admissions: admissions (people)
-- pages: overview

WITH directed AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jmonth_start ELSE month END AS month,
        sessions,
        admissions,
        exchange_direction(film_countries, host_country, $country_a, $country_b) AS direction
    FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
)

SELECT
    month,
    direction,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions
FROM directed
WHERE direction <> 'outside the pair'
GROUP BY month, direction
ORDER BY month, direction
