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

SELECT
    program,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions,
    occupancy_of_sums(occupied_admissions, occupied_seats) AS occupancy,
    count(DISTINCT film_key)::BIGINT AS films
FROM film_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY program
ORDER BY admissions DESC NULLS LAST, program ASC
