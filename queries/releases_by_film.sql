-- title: Releases of a film
-- question: Where and when was this film released, by whom, under which certificate, with what box office and what share of its market?
-- grain: one row per release of the film identity $film_key, over all the data (the dashboard filters do not apply), earliest first
-- parameters: film_key, calendar
-- columns:
--   release_id: the licence or certificate number (text)
--   release_date: the first day of the run or of the certificate (date)
--   film_title: the title as exported on this row (text)
--   host_country: ISO code of the market (text)
--   distributor: the distributor (text)
--   gross: the box office, empty when unknown (currency units)
--   currency: ISO 4217 code of the gross (text)
--   share_of_host_gross: gross divided by the known gross of all releases of the market, year and currency in the data (ratio)
--   admissions: admissions, empty when unknown (people)
--   source: where the row came from, as exported (text)
-- pages: film, analyst

WITH film_releases AS (
    SELECT
        *,
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS market_year
    FROM release_facts
    WHERE film_key = $film_key
),

market AS (
    SELECT
        host_country,
        year,
        currency,
        market_gross
    FROM host_market_gross($calendar)
)

SELECT
    film_releases.release_id,
    film_releases.release_date,
    film_releases.film_title,
    film_releases.host_country,
    film_releases.distributor,
    film_releases.gross,
    film_releases.currency,
    (film_releases.gross / nullif(market.market_gross, 0))::DOUBLE AS share_of_host_gross,
    film_releases.admissions,
    film_releases.source
FROM film_releases
LEFT JOIN market
    ON
        film_releases.host_country = market.host_country
        AND film_releases.market_year = market.year
        AND film_releases.currency = market.currency
ORDER BY film_releases.release_date ASC, film_releases.release_id ASC
