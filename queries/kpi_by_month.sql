-- title: KPIs by month
-- question: Month by month, how many screenings, admissions, films and signed agreements did the selection produce, and how full were the halls?
-- grain: one row per month (Solar Hijri month with calendar jalali) from the first to the last month with screenings or signed agreements in the selection
-- parameters: start_date, end_date, programs, host_countries, film_countries, calendar
-- columns:
--   month: first day of the month; with calendar jalali, the Gregorian date of the 1st of the Solar Hijri month (date)
--   screenings: sessions held in the month (count)
--   admissions: admissions in the month, empty when no screening of the month has known admissions (people)
--   screenings_with_admissions: sessions of the month whose admissions are known, out of screenings (count)
--   occupancy: admissions of rows with known admissions and known seats above zero divided by their seats (ratio, empty when there are none)
--   films: distinct films shown in the month, a film under several titles counted once (count)
--   agreements_signed: agreements signed in the month, of the programmes and touching the host countries (count)
-- pages: overview

WITH screened AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jmonth_start ELSE month END AS month,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        occupancy_of_sums(occupied_admissions, occupied_seats) AS occupancy,
        count(DISTINCT film_key) AS films
    FROM film_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    GROUP BY ALL
),

signed AS (
    SELECT
        calendar_month_start(signed_date, $calendar) AS month,
        count(*) AS agreements_signed
    FROM agreements_signed_in($start_date, $end_date, $programs, $host_countries)
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

-- Every month of the span, so a sparkline shows a quiet month as zero screenings rather than skipping it (its
-- admissions stay empty: nothing is known of them): every day of the span, each taken to the first day of its month
-- in the calendar chosen.
calendar AS (
    SELECT DISTINCT calendar_month_start(day, $calendar) AS month
    FROM span_days
)

SELECT
    calendar.month,
    coalesce(screened.screenings, 0)::BIGINT AS screenings,
    screened.admissions::BIGINT AS admissions,
    coalesce(screened.screenings_with_admissions, 0)::BIGINT AS screenings_with_admissions,
    screened.occupancy,
    coalesce(screened.films, 0)::BIGINT AS films,
    coalesce(signed.agreements_signed, 0)::BIGINT AS agreements_signed
FROM calendar
LEFT JOIN screened ON calendar.month = screened.month
LEFT JOIN signed ON calendar.month = signed.month
ORDER BY calendar.month
