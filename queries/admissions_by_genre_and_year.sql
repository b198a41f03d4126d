-- title: Admissions by genre and year
-- question: Which genres drew the audiences, year by year?
-- grain: one row per calendar year and genre with screenings in the selection; a blank genre is "unknown"
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   year: calendar year of the screening
--   genre: the genre, lower-case, or unknown (text)
--   screenings: sessions held (count)
--   admissions: admissions (people)
-- pages: analyst
-- chart: bar x=year y=admissions color=genre barmode=stack title="Admissions by genre and year"

SELECT
    year,
    coalesce(genre, 'unknown') AS genre,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions
FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY year, coalesce(genre, 'unknown')
ORDER BY year ASC, admissions DESC, genre ASC
