-- title: Top venues by admissions
-- question: Which venues drew the most people, and how full were they?
-- grain: one row per venue, city and host country, the 15 with the most admissions; a blank venue is "unknown venue"
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   venue: the venue (text)
--   city: its city (text)
--   host_country: ISO code of its country (text)
--   screenings: sessions held (count)
--   admissions: admissions (people)
--   occupancy: admissions of rows with known seats above zero divided by their seats (ratio, empty when no seats are known)
-- pages: screenings

SELECT
    coalesce(venue, 'unknown venue') AS venue,
    city,
    host_country,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    (
        sum(admissions) FILTER (WHERE seats > 0)
        / nullif(sum(seats) FILTER (WHERE seats > 0), 0)
    )::DOUBLE AS occupancy
FROM screenings_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY coalesce(venue, 'unknown venue'), city, host_country
ORDER BY admissions DESC, venue ASC
LIMIT 15
