-- title: Distribution between the focus pair by year
-- question: Year by year, how many films of A were released in B's cinemas and of B in A's, what did they take at the box office, and what share of the host market was that?
-- grain: one row per year of release_date, direction (A→B, B→A or co-production), host country and currency, for releases inside the focus pair
-- parameters: start_date, end_date, host_countries, film_countries, country_a, country_b, calendar
-- columns:
--   year: calendar year of release_date; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   direction: A→B, B→A or co-production, e.g. IR→RU (text)
--   host_country: ISO code of the market (text)
--   currency: ISO 4217 code of the gross, empty for releases whose gross is unknown (text)
--   releases: releases, one per licence or certificate (count)
--   films: distinct films released, a film under several titles counted once (count)
--   gross: the sum of the known gross, empty when none is known (currency units)
--   releases_with_gross: releases whose gross is known, out of releases (count)
--   host_market_gross: the known gross of all releases of the host country, year and currency in the data, whatever the filters (currency units)
--   share_of_host_gross: gross divided by host_market_gross (ratio)
--   admissions: admissions, empty when no release gives them (people)
--   releases_with_admissions: releases whose admissions are known, out of releases (count)
-- pages: exchange, analyst

WITH by_year AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
        direction,
        host_country,
        currency,
        count(*) AS releases,
        count(DISTINCT film_key) AS films,
        sum(gross) AS gross,
        count(gross) AS releases_with_gross,
        sum(admissions) AS admissions,
        count(admissions) AS releases_with_admissions
    FROM directed_releases($start_date, $end_date, $host_countries, $film_countries, $country_a, $country_b)
    GROUP BY ALL
)

SELECT
    by_year.year,
    by_year.direction,
    by_year.host_country,
    by_year.currency,
    by_year.releases::BIGINT AS releases,
    by_year.films::BIGINT AS films,
    by_year.gross,
    by_year.releases_with_gross::BIGINT AS releases_with_gross,
    market.gross AS host_market_gross,
    share_of_market(by_year.gross, market.gross) AS share_of_host_gross,
    by_year.admissions::BIGINT AS admissions,
    by_year.releases_with_admissions::BIGINT AS releases_with_admissions
FROM by_year
LEFT JOIN host_markets($calendar) AS market  -- noqa: RF02
    ON
        by_year.host_country = market.host_country
        AND by_year.year = market.year
        AND by_year.currency = market.currency
ORDER BY by_year.year ASC, by_year.direction ASC, by_year.host_country ASC, by_year.currency ASC NULLS LAST
