-- title: Admissions by month and direction
-- question: How many people saw films each way between the focus pair, month by month?
-- grain: one row per month and direction, for screenings inside the focus pair (A→B, B→A or co-production)
-- parameters: start_date, end_date, programs, host_countries, film_countries, country_a, country_b, calendar
-- columns:
--   month: first day of the month; with calendar jalali, the Gregorian date of the 1st of the Solar Hijri month (date)
--   direction: A→B, B→A or co-production, e.g. IR→RU (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: overview

SELECT
    CASE WHEN $calendar = 'jalali' THEN jmonth_start ELSE month END AS month,
    direction,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions
FROM directed_screening_days($start_date, $end_date, $programs, $host_countries, $film_countries, $country_a, $country_b)
GROUP BY ALL
ORDER BY month, direction
