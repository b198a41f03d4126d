-- title: Exchange by year and direction
-- question: Year by year, how many titles, screenings and admissions went each way between the focus pair, and how many were co-productions?
-- grain: one row per year and direction, for screenings inside the focus pair (A→B, B→A or co-production)
-- parameters: start_date, end_date, programs, host_countries, film_countries, country_a, country_b, calendar
-- columns:
--   year: calendar year of the screenings; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   direction: A→B, B→A or co-production, e.g. IR→RU (text)
--   titles: distinct films shown, a film under several titles counted once (count)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: exchange

SELECT
    CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
    direction,
    count(DISTINCT film_key)::BIGINT AS titles,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions
FROM directed_film_days($start_date, $end_date, $programs, $host_countries, $film_countries, $country_a, $country_b)
GROUP BY ALL
ORDER BY year, direction
