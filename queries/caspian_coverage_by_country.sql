-- title: Caspian Film Program coverage by littoral state
-- question: Which of the five Caspian littoral states have hosted Caspian Film Program screenings in the period, with how many screenings and admissions, and which are not yet covered?
-- grain: one row per littoral state (countries whose groups hold CASPIAN), limited to the host-country filter when one is given
-- parameters: start_date, end_date, host_countries, film_countries
-- columns:
--   country: ISO code of the littoral state (text)
--   country_name: its English name (text)
--   covered: true when it hosted at least one Caspian Film Program screening that matches the filters (boolean)
--   screenings: sessions held there (count)
--   admissions: admissions there, empty when no screening there has known admissions (none held, or none counted) (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   films: distinct films shown there, a film under several titles counted once (count)
--   on_board_screenings: sessions held on board a ship and counted for this state (count)
--   first_screening: the first screening day there (date)
--   last_screening: the last screening day there (date)
-- pages: regional

WITH littoral_states AS (
    SELECT
        code AS country,
        name_en AS country_name
    FROM countries
    WHERE
        list_contains(groups, 'CASPIAN')
        AND (len($host_countries) = 0 OR list_contains($host_countries, code))
),

by_state AS (
    SELECT
        host_country AS country,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        coalesce(sum(screenings) FILTER (WHERE format = 'on-board'), 0) AS on_board_screenings,
        min(screening_date) AS first_screening,
        max(screening_date) AS last_screening
    FROM screening_days_in_scope($start_date, $end_date, ['Caspian Film Program'], $host_countries, $film_countries)
    GROUP BY host_country
),

films_by_state AS (
    SELECT
        host_country AS country,
        count(DISTINCT film_key) AS films
    FROM film_days_in_scope($start_date, $end_date, ['Caspian Film Program'], $host_countries, $film_countries)
    GROUP BY host_country
)

SELECT
    littoral_states.country,
    littoral_states.country_name,
    by_state.country IS NOT NULL AS covered,
    coalesce(by_state.screenings, 0)::BIGINT AS screenings,
    by_state.admissions::BIGINT AS admissions,
    coalesce(by_state.screenings_with_admissions, 0)::BIGINT AS screenings_with_admissions,
    coalesce(films_by_state.films, 0)::BIGINT AS films,
    coalesce(by_state.on_board_screenings, 0)::BIGINT AS on_board_screenings,
    by_state.first_screening,
    by_state.last_screening
FROM littoral_states
LEFT JOIN by_state ON littoral_states.country = by_state.country
LEFT JOIN films_by_state ON littoral_states.country = films_by_state.country
ORDER BY admissions DESC NULLS LAST, screenings DESC, littoral_states.country ASC
