-- title: KPI summary
-- question: What did the selection produce: screenings held, admissions, how full the halls were, films shown and agreements signed?
-- grain: one row for the whole selection
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   screenings: sessions held, the sum of sessions over matching screening rows (count)
--   admissions: admissions counted over those rows (people)
--   occupancy: admissions of rows with known seats above zero divided by their seats (ratio, empty when no seats are known)
--   films: distinct film titles shown (count)
--   agreements_signed: agreements signed in the date range, of the programmes and touching the host countries (count)
-- pages: overview

WITH scope AS (
    SELECT
        sessions,
        admissions,
        seats,
        film_title
    FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
),

signed AS (
    SELECT count(*) AS agreements_signed
    FROM agreements_in_scope($programs, $host_countries)
    WHERE
        signed_date IS NOT NULL
        AND ($start_date IS NULL OR signed_date >= $start_date)
        AND ($end_date IS NULL OR signed_date <= $end_date)
)

SELECT
    coalesce(sum(scope.sessions), 0)::BIGINT AS screenings,
    coalesce(sum(scope.admissions), 0)::BIGINT AS admissions,
    (
        sum(scope.admissions) FILTER (WHERE scope.seats > 0)
        / nullif(sum(scope.seats) FILTER (WHERE scope.seats > 0), 0)
    )::DOUBLE AS occupancy,
    count(DISTINCT scope.film_title)::BIGINT AS films,
    (SELECT signed.agreements_signed FROM signed)::BIGINT AS agreements_signed
FROM scope
