-- title: Exchange balance by year
-- question: Year by year, did more go from A to B or from B to A, by how much, and in what ratio?
-- grain: one row per year with screenings in either direction between the focus pair (co-productions are not in the balance)
-- parameters: start_date, end_date, programs, host_countries, film_countries, country_a, country_b, calendar
-- columns:
--   year: calendar year of the screenings; with calendar jalali, the Solar Hijri year (from Nowruz) (year)
--   country_a: the first country of the pair (text)
--   country_b: the second country of the pair (text)
--   titles_a_to_b: distinct films of A shown in B, a film under several titles counted once (count)
--   titles_b_to_a: distinct films of B shown in A (count)
--   screenings_a_to_b: sessions of films of A in B (count)
--   screenings_b_to_a: sessions of films of B in A (count)
--   admissions_a_to_b: admissions to films of A in B, empty when none of those screenings has known admissions (people)
--   admissions_b_to_a: admissions to films of B in A, empty when none of those screenings has known admissions (people)
--   screenings_with_admissions_a_to_b: sessions of films of A in B whose admissions are known (count)
--   screenings_with_admissions_b_to_a: sessions of films of B in A whose admissions are known (count)
--   admissions_balance: admissions A→B minus admissions B→A; a direction with no screenings at all counts 0 (nothing went that way), one whose screenings have no known admissions makes the balance empty (people)
--   admissions_ratio: admissions A→B divided by admissions B→A, empty when either is unknown or B→A is zero (ratio)
-- pages: exchange

WITH by_year AS (
    SELECT
        CASE WHEN $calendar = 'jalali' THEN jyear ELSE year END AS year,
        count(DISTINCT film_key) FILTER (WHERE direction = $country_a || '→' || $country_b) AS titles_a_to_b,
        count(DISTINCT film_key) FILTER (WHERE direction = $country_b || '→' || $country_a) AS titles_b_to_a,
        coalesce(sum(screenings) FILTER (WHERE direction = $country_a || '→' || $country_b), 0) AS screenings_a_to_b,
        coalesce(sum(screenings) FILTER (WHERE direction = $country_b || '→' || $country_a), 0) AS screenings_b_to_a,
        sum(admissions) FILTER (WHERE direction = $country_a || '→' || $country_b) AS admissions_a_to_b,
        sum(admissions) FILTER (WHERE direction = $country_b || '→' || $country_a) AS admissions_b_to_a,
        coalesce(
            sum(screenings_with_admissions) FILTER (WHERE direction = $country_a || '→' || $country_b), 0
        ) AS screenings_with_admissions_a_to_b,
        coalesce(
            sum(screenings_with_admissions) FILTER (WHERE direction = $country_b || '→' || $country_a), 0
        ) AS screenings_with_admissions_b_to_a
    FROM directed_film_days($start_date, $end_date, $programs, $host_countries, $film_countries, $country_a, $country_b)
    WHERE direction <> 'co-production'
    GROUP BY ALL
)

SELECT
    year,
    $country_a::VARCHAR AS country_a,
    $country_b::VARCHAR AS country_b,
    titles_a_to_b::BIGINT AS titles_a_to_b,
    titles_b_to_a::BIGINT AS titles_b_to_a,
    screenings_a_to_b::BIGINT AS screenings_a_to_b,
    screenings_b_to_a::BIGINT AS screenings_b_to_a,
    admissions_a_to_b::BIGINT AS admissions_a_to_b,
    admissions_b_to_a::BIGINT AS admissions_b_to_a,
    screenings_with_admissions_a_to_b::BIGINT AS screenings_with_admissions_a_to_b,
    screenings_with_admissions_b_to_a::BIGINT AS screenings_with_admissions_b_to_a,
    -- A direction with no screenings went nowhere (its side of the balance is 0); one with screenings nobody counted is unknown.
    CASE
        WHEN admissions_a_to_b IS NOT NULL AND admissions_b_to_a IS NOT NULL THEN admissions_a_to_b - admissions_b_to_a
        WHEN admissions_a_to_b IS NOT NULL AND screenings_b_to_a = 0 THEN admissions_a_to_b
        WHEN admissions_b_to_a IS NOT NULL AND screenings_a_to_b = 0 THEN -admissions_b_to_a
    END::BIGINT AS admissions_balance,
    (admissions_a_to_b / nullif(admissions_b_to_a, 0))::DOUBLE AS admissions_ratio
FROM by_year
ORDER BY year
