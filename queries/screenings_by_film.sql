-- title: Screenings of a film
-- question: Where and when was this film shown, under which title, and how many people came to each screening?
-- grain: one row per screening row of the film identity $film_key, over all the data (the dashboard filters do not apply), earliest first; at most the first 1,000 (film_details counts them all)
-- parameters: film_key
-- columns:
--   screening_id: the screening id (text)
--   screening_date: the day (date)
--   program: the programme (text)
--   event: the edition (text)
--   film_title: the title as exported on this row (text)
--   film_match: how the row names the film: film_id, title (matched by title), ambiguous or unmatched (text)
--   host_country: ISO code of the host country (text)
--   city: the city (text)
--   venue: the venue (text)
--   format: cinema, festival, open-air, online, on-board or tv (text)
--   sessions: sessions of the row (count)
--   seats: seats over those sessions, empty when unknown (seats)
--   admissions: admissions, empty when unknown (people)
--   gross: the amount taken, when the row's attendance names one currency (currency units)
--   currency: the currency of gross; several codes separated by ; when the row was sold in several, and gross is then empty (text)
--   source: where the row came from, as exported (text)
-- pages: film

-- A film shown in every cinema for years has millions of rows: the page lists the first thousand, and reads the ticket
-- rows of those only.
WITH film_rows AS (
    SELECT *
    FROM screening_facts
    WHERE film_key = $film_key
    ORDER BY screening_date ASC, screening_id ASC
    LIMIT 1000
),

taken AS (
    SELECT
        attendance.screening_id,
        string_agg(DISTINCT attendance.currency, ';' ORDER BY attendance.currency) AS currency,
        count(DISTINCT attendance.currency) AS currencies,
        sum(attendance.gross) AS gross
    FROM attendance
    INNER JOIN film_rows ON attendance.screening_id = film_rows.screening_id
    WHERE attendance.gross IS NOT NULL
    GROUP BY attendance.screening_id
)

SELECT
    film_rows.screening_id,
    film_rows.screening_date,
    film_rows.program,
    film_rows.event,
    film_rows.film_title,
    film_rows.film_match,
    film_rows.host_country,
    film_rows.city,
    film_rows.venue,
    film_rows.format,
    film_rows.sessions,
    film_rows.seats,
    film_rows.admissions,
    CASE WHEN taken.currencies = 1 THEN taken.gross END AS gross,
    taken.currency,
    film_rows.source
FROM film_rows
LEFT JOIN taken ON film_rows.screening_id = taken.screening_id
ORDER BY film_rows.screening_date ASC, film_rows.screening_id ASC
