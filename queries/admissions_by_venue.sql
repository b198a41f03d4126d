-- title: Top venues by admissions
-- question: Which venues drew the most people, and how full were they?
-- grain: one row per venue, city and host country, the 15 with the most admissions (venues whose admissions are unknown come last); a blank venue is "unknown venue"
-- parameters: start_date, end_date, programs, host_countries, film_countries
-- columns:
--   venue: the venue (text)
--   city: its city (text)
--   host_country: ISO code of its country (text)
--   screenings: sessions held (count)
--   admissions: admissions, empty when none of its screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   occupancy: admissions of rows with known admissions and known seats above zero divided by their seats (ratio, empty when there are none)
-- pages: screenings

SELECT
    coalesce(venue, 'unknown venue') AS venue,
    city,
    host_country,
    sum(screenings)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions,
    occupancy_of_sums(occupied_admissions, occupied_seats) AS occupancy
FROM venue_days_in_scope($start_date, $end_date, $programs, $host_countries, $film_countries)
GROUP BY coalesce(venue, 'unknown venue'), city, host_country
ORDER BY admissions DESC NULLS LAST, venue ASC
LIMIT 15
