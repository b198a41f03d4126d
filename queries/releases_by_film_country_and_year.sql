-- title: Releases by film country and year
-- question: Whose films were released in which markets each year, how many, and what did they take at the box office, in its own currency and as a share of the whole market?
-- grain: one row per year of release_date, film country (a co-production counts under each of its countries), host country and currency
-- parameters: start_date, end_date, host_countries, film_countries, calendar
-- columns:
--   year: calendar year of release_date; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   film_country: ISO code of one production country of the films (text)
--   host_country: ISO code of the market (text)
--   currency: ISO 4217 code of the gross, empty for releases whose gross is unknown (text)
--   releases: releases, one per licence or certificate (count)
--   films: distinct films released, a film under several titles counted once (count)
--   gross: the sum of the known gross, empty when none is known (currency units)
--   releases_with_gross: releases whose gross is known, out of releases (count)
--   share_of_host_gross: gross divided by the known gross of all releases of the same host country, year and currency in the data, whatever the filters (ratio)
-- pages: analyst

WITH released AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
        unnest(film_countries) AS film_country,
        host_country,
        currency,
        film_key,
        gross
    FROM releases_in_scope($start_date, $end_date, $host_countries, $film_countries)
),

by_country AS (
    SELECT
        year,
        film_country,
        host_country,
        currency,
        count(*) AS releases,
        count(DISTINCT film_key) AS films,
        sum(gross) AS gross,
        count(gross) AS releases_with_gross
    FROM released
    GROUP BY ALL
)

SELECT
    by_country.year,
    by_country.film_country,
    by_country.host_country,
    by_country.currency,
    by_country.releases::BIGINT AS releases,
    by_country.films::BIGINT AS films,
    by_country.gross,
    by_country.releases_with_gross::BIGINT AS releases_with_gross,
    share_of_market(by_country.gross, market.gross) AS share_of_host_gross
FROM by_country
LEFT JOIN host_markets($calendar) AS market  -- noqa: RF02
    ON
        by_country.host_country = market.host_country
        AND by_country.year = market.year
        AND by_country.currency = market.currency
ORDER BY by_country.year ASC, by_country.host_country ASC, by_country.film_country ASC, by_country.currency ASC NULLS LAST
