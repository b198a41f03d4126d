-- title: Screenings by format and programme
-- question: How does each programme show its films: in cinemas, at festivals, open-air, online, on board or on TV?
-- grain: one row per format and programme with screenings in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   format: cinema, festival, open-air, online, on-board or tv (text)
--   program: the programme (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: analyst
-- chart: bar x=format y=screenings color=program barmode=stack orientation=h

WITH by_format_and_program AS (
    SELECT
        format,
        program,
        sum(screenings)::BIGINT AS screenings,
        sum(admissions)::BIGINT AS admissions,
        sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions
    FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY format, program
)

SELECT
    format,
    program,
    screenings,
    admissions,
    screenings_with_admissions
FROM by_format_and_program
ORDER BY sum(screenings) OVER (PARTITION BY format) DESC, format ASC, screenings DESC, program ASC
