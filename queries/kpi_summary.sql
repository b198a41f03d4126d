-- title: KPI summary
-- question: What did the selection produce: screenings held, admissions, how full the halls were, films shown and agreements signed?
-- grain: one row for the whole selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   screenings: sessions held, the sum of sessions over matching screening rows (count)
--   admissions: admissions counted over those rows, empty when none of them has known admissions (people)
--   occupancy: admissions of rows with known admissions and known seats above zero divided by their seats (ratio, empty when there are none)
--   films: distinct films shown: a film of films.csv under all its titles, else a title of its own (count)
--   agreements_signed: agreements signed in the date range, of the programmes and touching the host countries (count)
--   screenings_with_admissions: sessions of the matching rows whose admissions are known, out of screenings (count)
-- pages: overview

WITH scope AS (
    SELECT
        film_key,
        screenings,
        admissions,
        screenings_with_admissions,
        occupied_admissions,
        occupied_seats
    FROM film_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
),

signed AS (
    SELECT count(*) AS agreements_signed
    FROM agreements_signed_in($start_date, $end_date, $programs, $host_countries)
)

SELECT
    coalesce(sum(scope.screenings), 0)::BIGINT AS screenings,
    sum(scope.admissions)::BIGINT AS admissions,
    occupancy_of_sums(scope.occupied_admissions, scope.occupied_seats) AS occupancy,
    count(DISTINCT scope.film_key)::BIGINT AS films,
    (SELECT signed.agreements_signed FROM signed)::BIGINT AS agreements_signed,
    coalesce(sum(scope.screenings_with_admissions), 0)::BIGINT AS screenings_with_admissions
FROM scope
