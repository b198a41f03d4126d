-- title: Agreements by partner country and status
-- question: Which countries take part in the agreements proposed in the period, and where do those agreements stand today?
-- grain: one row per country named in an agreement and status; an agreement counts once for each country it names
-- parameters: start_date, end_date, programs, host_countries
-- columns:
--   country: ISO code of a country named in the agreement (text)
--   country_name: its English name from the reference list, the code when unknown (text)
--   status: the status today (text)
--   agreements: agreements proposed in the date range that name the country (count)
-- pages: agreements

WITH scope AS (
    SELECT
        agreement_id,
        status,
        countries
    FROM agreements_proposed_in($start_date, $end_date, $programs, $host_countries)
),

named AS (
    SELECT DISTINCT
        agreement_id,
        status,
        unnest(countries) AS country
    FROM scope
)

SELECT
    named.country,
    coalesce(countries.name_en, named.country) AS country_name,
    named.status,
    count(*)::BIGINT AS agreements
FROM named
LEFT JOIN countries ON named.country = countries.code
GROUP BY named.country, countries.name_en, named.status
ORDER BY named.country, named.status
