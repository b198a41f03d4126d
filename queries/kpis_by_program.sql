-- title: Programme scoreboard
-- question: How did each programme do: screenings held, admissions, how full the halls were and films shown?
-- grain: one row per programme with screenings in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   program: the programme (text)
--   screenings: sessions held (count)
--   admissions: admissions (people)
--   occupancy: admissions of rows with known seats above zero divided by their seats (ratio, empty when no seats are known)
--   films: distinct film titles shown (count)
-- pages: overview

SELECT
    program,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    (
        sum(admissions) FILTER (WHERE seats > 0)
        / nullif(sum(seats) FILTER (WHERE seats > 0), 0)
    )::DOUBLE AS occupancy,
    count(DISTINCT film_title)::BIGINT AS films
FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY program
ORDER BY admissions DESC, program ASC
