-- title: Programme scoreboard
-- question: How did each programme do: screenings held, admissions, how full the halls were and films shown?
-- grain: one row per programme with screenings in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   program: the programme (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of the programme's screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   occupancy: admissions of rows with known admissions and known seats above zero divided by their seats (ratio, empty when there are none)
--   films: distinct films shown, a film under several titles counted once (count)
-- pages: overview

WITH by_program AS (
    SELECT
        program,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        occupancy_of_sums(occupied_admissions, occupied_seats) AS occupancy
    FROM screening_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY program
),

films_by_program AS (
    SELECT
        program,
        count(DISTINCT film_key) AS films
    FROM film_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY program
)

SELECT
    by_program.program,
    by_program.screenings::BIGINT AS screenings,
    by_program.admissions::BIGINT AS admissions,
    by_program.screenings_with_admissions::BIGINT AS screenings_with_admissions,
    by_program.occupancy,
    films_by_program.films::BIGINT AS films
FROM by_program
INNER JOIN films_by_program ON by_program.program = films_by_program.program
ORDER BY admissions DESC NULLS LAST, by_program.program ASC
