-- title: Admissions by genre and year
-- question: Which genres drew the audiences, year by year?
-- grain: one row per calendar year and genre with screenings in the selection; a blank genre is "unknown"
-- parameters: start_date, end_date, programs, host_countries, film_countries, calendar
-- columns:
--   year: calendar year of the screening; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   genre: the genre, lower-case, or unknown (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
-- pages: analyst
-- chart: bar x=year y=admissions color=genre barmode=stack title="Admissions by genre and year"

SELECT
    CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
    coalesce(genre, 'unknown') AS genre,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions
FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY ALL
ORDER BY year ASC, admissions DESC NULLS LAST, genre ASC
