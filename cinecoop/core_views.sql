-- Tables and macros built once at load, on which the query catalogue stands.

-- One row per screening row, with its admissions summed over ticket types (0 when none).
CREATE OR REPLACE TABLE screening_facts AS
SELECT
    s.*,
    coalesce(a.admissions, 0)::BIGINT AS admissions,
    coalesce(a.attendance_rows, 0)::BIGINT AS attendance_rows,
    year(s.screening_date)::INTEGER AS year,
    date_trunc('month', s.screening_date)::DATE AS month
FROM screenings AS s
LEFT JOIN (
    SELECT
        screening_id,
        sum(admissions) AS admissions,
        count(*) AS attendance_rows
    FROM attendance
    GROUP BY screening_id
) AS a USING (screening_id)
ORDER BY s.screening_date, s.screening_id;

-- The screening rows that match the dashboard's global filters; NULL or an empty list means "all".
CREATE OR REPLACE MACRO screenings_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
SELECT *
FROM screening_facts
WHERE
    (start_date IS NULL OR screening_date >= start_date)
    AND (end_date IS NULL OR screening_date <= end_date)
    AND (len(programs) = 0 OR list_contains(programs, program))
    AND (len(host_countries) = 0 OR list_contains(host_countries, host_country))
    AND (len(film_countries) = 0 OR list_has_any(film_countries, screening_facts.film_countries));

-- Agreements serving the programme filter and touching the host-country filter (dates are per question).
CREATE OR REPLACE MACRO agreements_in_scope(programs, host_countries) AS TABLE
SELECT *
FROM agreements
WHERE
    (len(programs) = 0 OR list_contains(programs, program))
    AND (len(host_countries) = 0 OR list_has_any(host_countries, countries));

-- The direction of a screening between a focus pair of countries A and B (data contract section 3).
CREATE OR REPLACE MACRO exchange_direction(film_countries, host_country, country_a, country_b) AS
CASE
    WHEN list_contains(film_countries, country_a) AND list_contains(film_countries, country_b) THEN 'co-production'
    WHEN host_country = country_b AND list_contains(film_countries, country_a) THEN country_a || '→' || country_b
    WHEN host_country = country_a AND list_contains(film_countries, country_b) THEN country_b || '→' || country_a
    ELSE 'outside the pair'
END;
