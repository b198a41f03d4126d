-- title: Caspian Film Program events on board
-- question: Which Caspian Film Program events were held on board a ship, where, when, and how many people came?
-- grain: one row per event, vessel (venue) and host country with screenings of format on-board, earliest first
-- parameters: start_date, end_date, host_countries, film_countries
-- columns:
--   event: the edition, e.g. Caspian Film Program 2025 (text)
--   venue: the vessel or deck (text)
--   host_country: ISO code of the country the screenings are counted for (text)
--   city: the city or sea area given in the export (text)
--   first_day: the first screening day on board (date)
--   last_day: the last screening day on board (date)
--   screenings: sessions held on board (count)
--   films: distinct films shown, a film under several titles counted once (count)
--   admissions: admissions on board, empty when none of these screenings has known admissions (people)
--   screenings_with_admissions: sessions whose admissions are known, out of screenings (count)
--   seats: seats offered over those sessions, blank when unknown (seats)
-- pages: regional

SELECT
    event,
    venue,
    host_country,
    city,
    min(screening_date) AS first_day,
    max(screening_date) AS last_day,
    sum(screenings)::BIGINT AS screenings,
    len(list_distinct(flatten(list(film_keys))))::BIGINT AS films,
    sum(admissions)::BIGINT AS admissions,
    sum(screenings_with_admissions)::BIGINT AS screenings_with_admissions,
    sum(seats)::BIGINT AS seats
FROM venue_days_in_scope($start_date, $end_date, ['Caspian Film Program'], $host_countries, $film_countries)
WHERE format = 'on-board'
GROUP BY event, venue, host_country, city
ORDER BY first_day ASC, venue ASC
