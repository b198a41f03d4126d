-- title: KPIs by month
-- question: Month by month, how many screenings, admissions, films and signed agreements did the selection produce, and how full were the halls?
-- grain: one row per month (Solar Hijri month with calendar jalali) from the first to the last month with screenings or signed agreements in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries, calendar
-- columns:
--   month: first day of the month; with calendar jalali, the Gregorian date of the 1st of the Solar Hijri month (date)
--   screenings: sessions held in the month (count)
--   admissions: admissions in the month (people)
--   occupancy: admissions of rows with known seats above zero divided by their seats (ratio, empty when no seats are known)
--   films: distinct film titles shown in the month (count)
--   agreements_signed: agreements signed in the month, of the programmes and touching the host countries (count)
-- pages: overview

WITH screened AS (
    SELECT
        month,
        sum(sessions) AS screenings,
        sum(admissions) AS admissions,
        sum(admissions) FILTER (WHERE seats > 0) AS seated_admissions,
        sum(seats) FILTER (WHERE seats > 0) AS seats,
        count(DISTINCT film_title) AS films
    FROM (
        SELECT
            CASE WHEN $calendar = 'jalali' THEN jmonth_start ELSE month END AS month,
            sessions,
            admissions,
            seats,
            film_title
        FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    ) AS dated
    GROUP BY month
),

signed AS (
    SELECT
        calendar_month_start(signed_date, $calendar) AS month,
        count(*) AS agreements_signed
    FROM agreements_in_scope($programs, $host_countries)
    WHERE
        signed_date IS NOT NULL
        AND ($start_date IS NULL OR signed_date >= $start_date)
        AND ($end_date IS NULL OR signed_date <= $end_date)
    GROUP BY calendar_month_start(signed_date, $calendar)
),

span_days AS (
    SELECT unnest(generate_series(min(month), max(month), INTERVAL 1 DAY))::DATE AS day
    FROM (
        SELECT month FROM screened
        UNION ALL
        SELECT month FROM signed
    ) AS active_months
),

-- Every month of the span, so a sparkline shows a quiet month as zero rather than skipping it: every day of the
-- span, each taken to the first day of its month in the calendar chosen.
calendar AS (
    SELECT DISTINCT calendar_month_start(day, $calendar) AS month
    FROM span_days
)

SELECT
    calendar.month,
    coalesce(screened.screenings, 0)::BIGINT AS screenings,
    coalesce(screened.admissions, 0)::BIGINT AS admissions,
    (screened.seated_admissions / nullif(screened.seats, 0))::DOUBLE AS occupancy,
    coalesce(screened.films, 0)::BIGINT AS films,
    coalesce(signed.agreements_signed, 0)::BIGINT AS agreements_signed
FROM calendar
LEFT JOIN screened ON calendar.month = screened.month
LEFT JOIN signed ON calendar.month = signed.month
ORDER BY calendar.month
