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
-- pages: film

SELECT
    release_id,
    release_date,
    film_title,
    host_country,
    distributor,
    gross,
    currency,
    share_of_host_gross(gross, host_country, CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END, currency, $calendar)
        AS share_of_host_gross,
    admissions,
    source
FROM release_facts
WHERE film_key = $film_key
ORDER BY release_date ASC, release_id ASC
