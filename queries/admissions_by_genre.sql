-- title: Screenings and admissions by genre
-- question: Which genres were shown, and what share of admissions did each take (animation in particular)?
-- grain: one row per genre with screenings in the selection; a blank genre is "unknown"
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   genre: the genre, lower-case, or unknown (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of the genre's screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   admissions_share: the admissions of the genre divided by all known admissions of the selection, empty when unknown (ratio)
-- pages: screenings

WITH by_genre AS (
    SELECT
        coalesce(genre, 'unknown') AS genre,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions
    FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY coalesce(genre, 'unknown')
)

SELECT
    genre,
    screenings::BIGINT AS screenings,
    admissions::BIGINT AS admissions,
    screenings_with_admissions::BIGINT AS screenings_with_admissions,
    (admissions / nullif(sum(admissions) OVER (), 0))::DOUBLE AS admissions_share
FROM by_genre
ORDER BY admissions DESC NULLS LAST, genre ASC
