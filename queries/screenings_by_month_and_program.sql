-- title: Screenings and admissions by month and programme
-- question: Month by month, how many screenings did each programme hold and how many people came?
-- grain: one row per month and programme with screenings in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries, calendar
-- columns:
--   month: first day of the month; with calendar jalali, the Gregorian date of the 1st of the Solar Hijri month (date)
--   program: the programme (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: screenings

SELECT
    CASE WHEN $calendar = 'jalali' THEN jmonth_start ELSE month END AS month,
    program,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions
FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY ALL
ORDER BY month, program
