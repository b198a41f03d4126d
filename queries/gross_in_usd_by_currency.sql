-- title: Box office in US dollars at yearly rates
-- question: What did the screenings take at the box office in US dollars, each currency converted at the rate of the amount's own year?
-- grain: one row per currency of the attendance rows with an amount in the selection; US dollars need no rate (1), and a rate of 0 counts as none
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   currency: ISO 4217 code (text)
--   gross: the amount taken, in that currency (currency units)
--   gross_usd: the amounts converted to US dollars at the rate of each amount's calendar year, over the rows whose year has a rate; empty when none has (USD)
--   attendance_rows_with_gross: ticket-type rows with an amount (count)
--   attendance_rows_converted: those rows whose year has a rate for the currency (count)
--   years_without_rate: the calendar years with an amount but no rate, separated by ; (text)
-- pages: screenings

WITH amounts AS (
    SELECT
        currency,
        year(screening_date)::INTEGER AS year,
        sum(gross) AS gross,
        sum(attendance_rows) AS attendance_rows
    FROM gross_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
    WHERE with_gross
    GROUP BY currency, year(screening_date)::INTEGER
),

converted AS (
    SELECT
        amounts.currency,
        amounts.year,
        amounts.gross,
        amounts.attendance_rows,
        amounts.gross / nullif(CASE WHEN amounts.currency = 'USD' THEN 1 ELSE exchange_rates.rate_to_usd END, 0) AS gross_usd
    FROM amounts
    LEFT JOIN exchange_rates
        ON
            amounts.currency = exchange_rates.currency
            AND amounts.year = exchange_rates.year
)

SELECT
    currency,
    sum(gross) AS gross,
    round(sum(gross_usd), 2) AS gross_usd,
    sum(attendance_rows)::BIGINT AS attendance_rows_with_gross,
    coalesce(sum(attendance_rows) FILTER (WHERE gross_usd IS NOT NULL), 0)::BIGINT AS attendance_rows_converted,
    string_agg(year::VARCHAR, ';' ORDER BY year) FILTER (WHERE gross_usd IS NULL) AS years_without_rate
FROM converted
GROUP BY currency
ORDER BY gross_usd DESC NULLS LAST, currency ASC
