-- Tables and macros built once at load, on which the query catalogue stands.

-- The rows keep the export's order (no ORDER BY: sorting cost more than the rest of this statement): exports are
-- written in date order, so each row group still spans few days and a date filter skips the others.
-- One row per screening row, with its admissions summed over ticket types (0 when none), and its year and month
-- in both calendars: the Solar Hijri ones (jyear, jmonth; jmonth_start is the Gregorian date of the 1st of that
-- month) come from the calendar table once here, so a query groups by either calendar with a CASE on $calendar.
CREATE OR REPLACE TABLE screening_facts AS
SELECT
    s.*,
    coalesce(a.admissions, 0)::BIGINT AS admissions,
    coalesce(a.attendance_rows, 0)::BIGINT AS attendance_rows,
    year(s.screening_date)::INTEGER AS year,
    date_trunc('month', s.screening_date)::DATE AS month,
    j.jyear::INTEGER AS jyear,
    j.jmonth::INTEGER AS jmonth,
    (s.screening_date - (j.jday - 1))::DATE AS jmonth_start
FROM screenings AS s
LEFT JOIN (
    SELECT
        screening_id,
        sum(admissions) AS admissions,
        count(*) AS attendance_rows
    FROM attendance
    GROUP BY screening_id
) AS a USING (screening_id)
LEFT JOIN jalali_calendar AS j ON j.gregorian = s.screening_date;

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

-- The first day of the month a date lies in, in the calendar chosen ($calendar: 'gregorian' or 'jalali'); for a Solar
-- Hijri month it is the Gregorian date of its 1st. screening_facts carries this ready-made as month and jmonth_start.
CREATE OR REPLACE MACRO calendar_month_start(day, calendar) AS
CASE
    WHEN calendar = 'jalali' THEN (SELECT (j.gregorian - (j.jday - 1))::DATE FROM jalali_calendar AS j WHERE j.gregorian = day)
    ELSE date_trunc('month', day)::DATE
END;
