-- title: Targets by metric
-- question: Which leadership targets does the selection answer to?
-- grain: one row per metric with a target for the selection; none unless the dates lie within one calendar year, at most one programme is chosen and no country filter is set.
--   A target is set for a whole year, for one programme or for all, and for every country: comparing it with a part of
--   the screenings of its year is progress so far; comparing it across years, programmes or countries is not
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   metric: screenings, admissions, films or agreements_signed (text)
--   year: the calendar year of the target (year)
--   program: the programme of the target, empty for all programmes (text)
--   target: the full-year target (count or people)
-- pages: overview

WITH selection AS (
    SELECT
        year($start_date::DATE) AS target_year,
        CASE WHEN len($programs) = 1 THEN $programs[1] END AS target_program
    WHERE
        $start_date IS NOT NULL
        AND $end_date IS NOT NULL
        AND year($start_date::DATE) = year($end_date::DATE)
        AND len($programs) <= 1
        AND len($host_countries) = 0
        AND len($film_countries) = 0
)

SELECT
    targets.metric,
    targets.year,
    targets.program,
    targets.target::DOUBLE AS target
FROM targets
INNER JOIN selection
    ON
        targets.year = selection.target_year
        AND targets.program IS NOT DISTINCT FROM selection.target_program
ORDER BY targets.metric
