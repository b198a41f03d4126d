-- title: Screenings and admissions by format
-- question: How were the films shown (cinema, festival, open-air, online, on board, TV), and how many people came to each?
-- grain: one row per format with screenings in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   format: cinema, festival, open-air, online, on-board or tv (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: screenings

SELECT
    format,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions
FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY format
ORDER BY admissions DESC NULLS LAST, format ASC
