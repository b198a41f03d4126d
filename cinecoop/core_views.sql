-- Tables and macros built once at load, on which the query catalogue stands. Every measure the catalogue shares is
-- defined here once (occupancy, screenings with known admissions, the direction between the focus pair, overdue).

-- == Films: one film, many titles ==================================================================================

-- The key a title is matched by: the title without case, spacing or punctuation, with Russian ё read as е, the Arabic
-- letters ي, ى and ك read as the Persian ی and ک, the zero-width non-joiner and the tatweel dropped, and Persian and
-- Arabic-Indic digits read as Latin ones. "Коммивояжёр" and "коммивояжер", "The Salesman!" and "the salesman" share
-- one key. A title of punctuation only keeps its lower-case self.
CREATE OR REPLACE MACRO title_key(title) AS
coalesce(
    nullif(
        regexp_replace(
            translate(lower(title), 'ёيىك۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩‌ـ', 'еییک01234567890123456789'),
            '[^\p{L}\p{N}\p{M}]+',
            '',
            'g'
        ),
        ''
    ),
    lower(title)
);

-- Every title a film of films.csv is known by (original, English, Persian, Russian, aliases), with its key.
CREATE OR REPLACE TABLE film_titles AS
SELECT DISTINCT
    film_id,
    title_key(title) AS title_key,
    title
FROM (
    SELECT
        film_id,
        unnest(
            list_filter([original_title, title_en, title_fa, title_ru] || coalesce(aliases, []), lambda t: t IS NOT NULL)
        ) AS title
    FROM films
);

-- The exported titles of screenings and releases that carry no film_id, per table and file: the rows that carry
-- each and the first of its lines (for the Data quality page). A macro, so an update that reads some files again
-- makes their rows again (WHERE source_file IN ...).
CREATE OR REPLACE MACRO film_title_uses_rows() AS TABLE
SELECT
    'screenings' AS table_name,
    source_file::VARCHAR AS source_file,
    film_title,
    min(source_line) AS first_line,
    count(*) AS row_count
FROM screenings
WHERE film_id IS NULL
GROUP BY source_file, film_title
UNION ALL
SELECT
    'releases' AS table_name,
    source_file::VARCHAR AS source_file,
    film_title,
    min(source_line) AS first_line,
    count(*) AS row_count
FROM releases
WHERE film_id IS NULL
GROUP BY source_file, film_title;

CREATE OR REPLACE TABLE film_title_uses AS FROM film_title_uses_rows();

-- One row per distinct exported title: the films whose titles share its key. One film: matched. None: the title
-- stands for a film of its own (film_key ~ + its key). Several: ambiguous, and counted as its own title too.
CREATE OR REPLACE TABLE film_title_matches AS
WITH keyed AS (
    SELECT DISTINCT
        film_title,
        title_key(film_title) AS title_key
    FROM film_title_uses
),

candidates AS (
    SELECT
        keyed.film_title,
        keyed.title_key,
        known.film_id,
        coalesce(films.title_en, films.original_title) AS named_title
    FROM keyed
    LEFT JOIN (SELECT DISTINCT film_id, title_key FROM film_titles) AS known ON keyed.title_key = known.title_key
    LEFT JOIN films ON known.film_id = films.film_id
)

SELECT
    film_title,
    title_key,
    coalesce(list(film_id ORDER BY film_id) FILTER (WHERE film_id IS NOT NULL), []) AS film_ids,
    CASE WHEN count(film_id) = 1 THEN min(film_id) END AS film_id,
    string_agg(film_id || ' (' || named_title || ')', ', ' ORDER BY film_id) AS films_named
FROM candidates
GROUP BY film_title, title_key;

-- A row's film identity: the film_id it gives, else the one film its title matches, else ~ and its title's key.
CREATE OR REPLACE MACRO film_key_of(given_film_id, matched_film_id, key_of_title) AS
coalesce(given_film_id, matched_film_id, '~' || key_of_title);

-- How a row names its film: film_id, title (its title matches one film), ambiguous (several) or unmatched (none).
CREATE OR REPLACE MACRO film_match_of(given_film_id, matched_film_id, candidate_film_ids) AS
CASE
    WHEN given_film_id IS NOT NULL THEN 'film_id'
    WHEN matched_film_id IS NOT NULL THEN 'title'
    WHEN len(candidate_film_ids) > 1 THEN 'ambiguous'
    ELSE 'unmatched'
END;

-- == Screenings ====================================================================================================

-- The rows keep the export's order (no ORDER BY: sorting cost more than the rest of this statement): exports are
-- written in date order, so each row group still spans few days and a date filter skips the others.
-- One row per screening row, with:
-- * its film: film_id as exported or matched by title, film_key (the film_id, else ~ + the title's key: one key per
--   film identity, which the films metric counts) and film_match (film_id, title, ambiguous or unmatched);
-- * its admissions summed over ticket types; NULL (unknown, never 0) when it has no attendance rows or only blank
--   ones, so a sum over screenings is NULL when none of them has known admissions;
-- * its year and month in both calendars: the Solar Hijri ones (jyear, jmonth; jmonth_start is the Gregorian date of
--   the 1st of that month) come from the calendar table once here, so a query groups by either calendar with a CASE
--   on $calendar.
-- A macro over the screenings and attendance rows named (query_table: a table or view name), so an update makes the
-- facts of the screenings it touched again from just those rows.
CREATE OR REPLACE MACRO screening_facts_of(screening_rows, attendance_rows) AS TABLE
SELECT
    s.* EXCLUDE (film_id),
    coalesce(s.film_id, m.film_id) AS film_id,
    film_key_of(s.film_id, m.film_id, m.title_key) AS film_key,
    film_match_of(s.film_id, m.film_id, m.film_ids) AS film_match,
    a.admissions::BIGINT AS admissions,
    coalesce(a.attendance_rows, 0)::BIGINT AS attendance_rows,
    year(s.screening_date)::INTEGER AS year,
    date_trunc('month', s.screening_date)::DATE AS month,
    j.jyear::INTEGER AS jyear,
    j.jmonth::INTEGER AS jmonth,
    (s.screening_date - (j.jday - 1))::DATE AS jmonth_start
FROM query_table(screening_rows) AS s
LEFT JOIN (
    SELECT
        screening_id,
        sum(admissions) AS admissions,
        count(*) AS attendance_rows
    FROM query_table(attendance_rows)
    GROUP BY screening_id
) AS a ON s.screening_id = a.screening_id
LEFT JOIN film_title_matches AS m ON s.film_title = m.film_title
LEFT JOIN jalali_calendar AS j ON s.screening_date = j.gregorian;

CREATE OR REPLACE TABLE screening_facts AS FROM screening_facts_of('screenings', 'attendance');

-- Occupancy: the admissions of the rows whose admissions are known and whose seats are known and above zero, divided
-- by the sum of their seats; empty when there is no such row. An aggregate: occupancy(admissions, seats) in a SELECT
-- with GROUP BY (or over the whole selection). Its numerator and denominator are aggregates of their own, so the
-- pre-aggregated facts below carry them and occupancy_of_sums() divides their sums: the same ratio of sums.
CREATE OR REPLACE MACRO occupied_admissions(admissions, seats) AS
sum(admissions) FILTER (WHERE admissions IS NOT NULL AND seats > 0);

CREATE OR REPLACE MACRO occupied_seats(admissions, seats) AS
sum(seats) FILTER (WHERE admissions IS NOT NULL AND seats > 0);

CREATE OR REPLACE MACRO occupancy(admissions, seats) AS
(occupied_admissions(admissions, seats) / nullif(occupied_seats(admissions, seats), 0))::DOUBLE;

-- Occupancy over pre-aggregated rows: the sum of their occupied_admissions over the sum of their occupied_seats.
CREATE OR REPLACE MACRO occupancy_of_sums(occupied_admissions, occupied_seats) AS
(sum(occupied_admissions) / nullif(sum(occupied_seats), 0))::DOUBLE;

-- The 10-point occupancy band of one screening row (0 = under 10 %, ..., 10 = full or over), NULL when its admissions
-- or seats are unknown or its seats are 0.
CREATE OR REPLACE MACRO occupancy_band(admissions, seats) AS
CASE WHEN admissions IS NOT NULL AND seats > 0 THEN least(floor(admissions * 10 / seats), 10)::INTEGER END;

-- The sessions of the rows whose admissions are known: "admissions known for 80 of 96 screenings". An aggregate.
CREATE OR REPLACE MACRO screenings_with_admissions(sessions, admissions) AS
coalesce(sum(sessions) FILTER (WHERE admissions IS NOT NULL), 0)::BIGINT;

-- Whether a row of a fact table (a screening row, or a row of the pre-aggregated facts) matches the dashboard's
-- global filters; NULL or an empty list means "all".
CREATE OR REPLACE MACRO matches_filters(
    day, program, host_country, row_film_countries, start_date, end_date, programs, host_countries, film_countries
) AS
(start_date IS NULL OR day >= start_date)
AND (end_date IS NULL OR day <= end_date)
AND (len(programs) = 0 OR list_contains(programs, program))
AND (len(host_countries) = 0 OR list_contains(host_countries, host_country))
AND (len(film_countries) = 0 OR list_has_any(film_countries, row_film_countries));

-- The rows of a fact table that match the dashboard's global filters: the table named (query_table) is screening_facts
-- or one of the pre-aggregated facts below, which all carry screening_date, program, host_country and film_countries.
-- Every *_in_scope macro of the screenings is this one over its own table.
CREATE OR REPLACE MACRO facts_in_scope(fact_table, start_date, end_date, programs, host_countries, film_countries) AS TABLE
SELECT *
FROM query_table(fact_table) AS facts
WHERE matches_filters(
    facts.screening_date, facts.program, facts.host_country, facts.film_countries,
    start_date, end_date, programs, host_countries, film_countries
);

-- The rows of a fact table (as for facts_in_scope) of the filters that lie inside the focus pair (A→B, B→A or
-- co-production), with their direction.
CREATE OR REPLACE MACRO directed_facts(
    fact_table, start_date, end_date, programs, host_countries, film_countries, country_a, country_b
) AS TABLE
SELECT *
FROM (
    SELECT
        scoped.*,
        exchange_direction(scoped.film_countries, scoped.host_country, country_a, country_b) AS direction
    FROM facts_in_scope(fact_table, start_date, end_date, programs, host_countries, film_countries) AS scoped
)
WHERE direction <> 'outside the pair';

-- The screening rows that match the dashboard's global filters.
CREATE OR REPLACE MACRO screenings_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
FROM facts_in_scope('screening_facts', start_date, end_date, programs, host_countries, film_countries);

-- The direction of a screening or release between a focus pair of countries A and B (data contract section 3).
CREATE OR REPLACE MACRO exchange_direction(film_countries, host_country, country_a, country_b) AS
CASE
    WHEN list_contains(film_countries, country_a) AND list_contains(film_countries, country_b) THEN 'co-production'
    WHEN host_country = country_b AND list_contains(film_countries, country_a) THEN country_a || '→' || country_b
    WHEN host_country = country_a AND list_contains(film_countries, country_b) THEN country_b || '→' || country_a
    ELSE 'outside the pair'
END;

-- The screening rows of the filters that lie inside the focus pair (A→B, B→A or co-production), with their direction.
CREATE OR REPLACE MACRO directed_screenings(
    start_date, end_date, programs, host_countries, film_countries, country_a, country_b
) AS TABLE
FROM directed_facts('screening_facts', start_date, end_date, programs, host_countries, film_countries, country_a, country_b);

-- The first day of the month a date lies in, in the calendar chosen ($calendar: 'gregorian' or 'jalali'); for a Solar
-- Hijri month it is the Gregorian date of its 1st. screening_facts carries this ready-made as month and jmonth_start.
CREATE OR REPLACE MACRO calendar_month_start(day, calendar) AS
CASE
    WHEN calendar = 'jalali' THEN (SELECT (j.gregorian - (j.jday - 1))::DATE FROM jalali_calendar AS j WHERE j.gregorian = day)
    ELSE date_trunc('month', day)::DATE
END;

-- == Releases: commercial distribution ==============================================================================

-- One row per release with its film (as for screenings) and the year and month of release_date in both calendars.
-- A release never adds to screenings, admissions or occupancy.
CREATE OR REPLACE TABLE release_facts AS
SELECT
    r.* EXCLUDE (film_id),
    coalesce(r.film_id, m.film_id) AS film_id,
    film_key_of(r.film_id, m.film_id, m.title_key) AS film_key,
    film_match_of(r.film_id, m.film_id, m.film_ids) AS film_match,
    year(r.release_date)::INTEGER AS year,
    date_trunc('month', r.release_date)::DATE AS month,
    j.jyear::INTEGER AS jyear,
    j.jmonth::INTEGER AS jmonth,
    (r.release_date - (j.jday - 1))::DATE AS jmonth_start
FROM releases AS r
LEFT JOIN film_title_matches AS m ON r.film_title = m.film_title
LEFT JOIN jalali_calendar AS j ON r.release_date = j.gregorian;

-- The releases that match the global filters that apply to releases: dates on release_date, host and film countries
-- as for screenings (releases have no programme).
CREATE OR REPLACE MACRO releases_in_scope(start_date, end_date, host_countries, film_countries) AS TABLE
SELECT *
FROM release_facts
WHERE
    (start_date IS NULL OR release_date >= start_date)
    AND (end_date IS NULL OR release_date <= end_date)
    AND (len(host_countries) = 0 OR list_contains(host_countries, host_country))
    AND (len(film_countries) = 0 OR list_has_any(film_countries, release_facts.film_countries));

-- The whole market: the known gross of every release of one host country, year (in each calendar) and currency in
-- the data, whatever the filters; NULL when none is known. Summed once here: a query asks for it row by row.
CREATE OR REPLACE TABLE host_market_facts AS
SELECT
    host_country,
    'gregorian' AS calendar_name,
    year,
    currency,
    sum(gross) AS gross
FROM release_facts
WHERE currency IS NOT NULL
GROUP BY ALL
UNION ALL
SELECT
    host_country,
    'jalali' AS calendar_name,
    jyear AS year,
    currency,
    sum(gross) AS gross
FROM release_facts
WHERE currency IS NOT NULL AND jyear IS NOT NULL
GROUP BY ALL;

-- The gross of one host market (host_market_facts) in the calendar chosen; NULL when none is known.
CREATE OR REPLACE MACRO host_market_gross(market_country, market_year, market_currency, calendar) AS
(
    SELECT market.gross
    FROM host_market_facts AS market
    WHERE
        market.host_country = market_country
        AND market.calendar_name = CASE WHEN calendar = 'jalali' THEN 'jalali' ELSE 'gregorian' END
        AND market.year = market_year
        AND market.currency = market_currency
);

-- The host markets in the calendar chosen: one row per host country, year and currency, with its known gross (a
-- query that asks for many markets joins them: cheaper than host_market_gross() row by row).
CREATE OR REPLACE MACRO host_markets(calendar) AS TABLE
SELECT
    host_country,
    year,
    currency,
    gross
FROM host_market_facts
WHERE calendar_name = CASE WHEN calendar = 'jalali' THEN 'jalali' ELSE 'gregorian' END;

-- An amount as a share of a market's gross, empty when either is unknown or the market took nothing.
CREATE OR REPLACE MACRO share_of_market(amount, market_gross) AS
(amount / nullif(market_gross, 0))::DOUBLE;

-- A gross as a share of its host market (host_market_gross), empty when either is unknown.
CREATE OR REPLACE MACRO share_of_host_gross(amount, market_country, market_year, market_currency, calendar) AS
share_of_market(amount, host_market_gross(market_country, market_year, market_currency, calendar));

-- The releases of the filters that lie inside the focus pair, with their direction.
CREATE OR REPLACE MACRO directed_releases(start_date, end_date, host_countries, film_countries, country_a, country_b) AS TABLE
SELECT *
FROM (
    SELECT
        scoped.*,
        exchange_direction(scoped.film_countries, scoped.host_country, country_a, country_b) AS direction
    FROM releases_in_scope(start_date, end_date, host_countries, film_countries) AS scoped
)
WHERE direction <> 'outside the pair';

-- == Film identities ================================================================================================

-- One row per film identity: every film of films.csv (film_key = film_id), and every exported title that matches no
-- single film (film_key = ~ + its key). film_title is the name lists show: the English title, else the original
-- one; for a title without a film, its most exported spelling. titles holds every spelling known or exported.
CREATE OR REPLACE TABLE film_identities AS
WITH exported AS (
    SELECT
        film_key_of(NULL, matches.film_id, matches.title_key) AS film_key,
        uses.film_title,
        sum(uses.row_count) AS row_count
    FROM film_title_uses AS uses
    INNER JOIN film_title_matches AS matches ON uses.film_title = matches.film_title
    GROUP BY ALL
),

known AS (
    SELECT
        film_id AS film_key,
        title
    FROM film_titles
    UNION
    SELECT
        film_key,
        film_title AS title
    FROM exported
    WHERE NOT starts_with(film_key, '~')
)

SELECT
    films.film_id AS film_key,
    films.film_id,
    coalesce(films.title_en, films.original_title) AS film_title,
    films.original_title,
    films.title_en,
    films.title_fa,
    films.title_ru,
    films.year,
    films.countries,
    films.genre,
    (SELECT list(DISTINCT known.title ORDER BY known.title) FROM known WHERE known.film_key = films.film_id) AS titles
FROM films
UNION ALL
SELECT
    film_key,
    NULL AS film_id,
    arg_max(film_title, row_count) AS film_title,
    NULL AS original_title,
    NULL AS title_en,
    NULL AS title_fa,
    NULL AS title_ru,
    NULL AS year,
    NULL AS countries,
    NULL AS genre,
    list(DISTINCT film_title ORDER BY film_title) AS titles
FROM exported
WHERE starts_with(film_key, '~')
GROUP BY film_key;

-- == Agreements =====================================================================================================

-- Agreements serving the programme filter and touching the host-country filter (dates are per question).
CREATE OR REPLACE MACRO agreements_in_scope(programs, host_countries) AS TABLE
SELECT *
FROM agreements
WHERE
    (len(programs) = 0 OR list_contains(programs, program))
    AND (len(host_countries) = 0 OR list_has_any(host_countries, countries));

-- The agreements of agreements_in_scope proposed between proposed_from and proposed_to (NULL: no bound), the
-- agreements the leadership pages list and count for the date filter.
CREATE OR REPLACE MACRO agreements_proposed_in(proposed_from, proposed_to, programs, host_countries) AS TABLE
SELECT *
FROM agreements_in_scope(programs, host_countries)
WHERE
    (proposed_from IS NULL OR proposed_date >= proposed_from)
    AND (proposed_to IS NULL OR proposed_date <= proposed_to);

-- The agreements of agreements_in_scope signed between signed_from and signed_to (NULL: no bound): the agreements
-- the agreements_signed measure counts (a signed_date given; the status is not read).
CREATE OR REPLACE MACRO agreements_signed_in(signed_from, signed_to, programs, host_countries) AS TABLE
SELECT *
FROM agreements_in_scope(programs, host_countries)
WHERE
    signed_date IS NOT NULL
    AND (signed_from IS NULL OR signed_date >= signed_from)
    AND (signed_to IS NULL OR signed_date <= signed_to);

-- Overdue: an agreement whose end_date is before the day as_of while its status is still open (proposed,
-- negotiating, signed, in-progress or stalled; completed and cancelled are closed). The loader's warnings and the
-- queries both use this one definition.
CREATE OR REPLACE MACRO agreement_is_overdue(end_date, status, as_of) AS
coalesce(end_date < as_of AND list_contains(['proposed', 'negotiating', 'signed', 'in-progress', 'stalled'], status), false);

-- == Pre-aggregated facts: what the leadership pages read =========================================================

-- The leadership pages group screenings by month, programme, host country, film countries, direction, format, genre
-- or currency. At ten million screening rows, reading screening_facts for each chart took seconds; these tables hold
-- the same facts summed once per load, one row per day and combination of what the pages group and filter by, so a
-- page reads thousands of rows however many screenings there are. The grain keeps the day, so a date filter applies
-- exactly, and the columns every global filter reads (program, host_country, film_countries).
-- Every measure stays exact: counts and sums add up; admissions stay unknown (NULL) in a group where none is known,
-- and screenings_with_admissions says for how many; occupancy keeps its numerator and denominator (occupied_admissions,
-- occupied_seats) for occupancy_of_sums(); films are counted distinct over film_day_facts, whose grain holds the film.
-- Each table is the materialised result of the table macro of the same name with _of, over the screening facts (and
-- attendance) named: a load that changes some days (a new month's export) replaces only those days' rows with the
-- macro's rows over the facts of those days. The row-level tables stay for every other question.

-- One row per day, programme, host country, production countries, format and genre with screenings.
CREATE OR REPLACE MACRO screening_day_facts_of(facts) AS TABLE
SELECT
    screening_date,
    year,
    month,
    jyear,
    jmonth_start,
    program,
    host_country,
    film_country,
    film_countries,
    format,
    genre,
    count(*)::BIGINT AS screening_rows,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    screenings_with_admissions(sessions, admissions) AS screenings_with_admissions,
    occupied_admissions(admissions, seats)::BIGINT AS occupied_admissions,
    occupied_seats(admissions, seats)::BIGINT AS occupied_seats,
    sum(seats)::BIGINT AS seats
FROM query_table(facts)
GROUP BY ALL;

-- One row per day, programme, host country, production countries and film identity with screenings. Its sums are
-- those of screening_day_facts (every screening row has one film), so a question that counts films as well as
-- screenings reads this table alone.
CREATE OR REPLACE MACRO film_day_facts_of(facts) AS TABLE
SELECT
    screening_date,
    year,
    month,
    jyear,
    jmonth_start,
    program,
    host_country,
    film_country,
    film_countries,
    film_key,
    count(*)::BIGINT AS screening_rows,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    screenings_with_admissions(sessions, admissions) AS screenings_with_admissions,
    occupied_admissions(admissions, seats)::BIGINT AS occupied_admissions,
    occupied_seats(admissions, seats)::BIGINT AS occupied_seats
FROM query_table(facts)
GROUP BY ALL;

-- One row per day, programme, host country, production countries, city, venue, format and event with screenings, with
-- the film identities shown there (film_keys, to count films over a few groups).
CREATE OR REPLACE MACRO venue_day_facts_of(facts) AS TABLE
SELECT
    screening_date,
    program,
    host_country,
    film_countries,
    city,
    venue,
    format,
    event,
    count(*)::BIGINT AS screening_rows,
    sum(sessions)::BIGINT AS screenings,
    sum(admissions)::BIGINT AS admissions,
    screenings_with_admissions(sessions, admissions) AS screenings_with_admissions,
    occupied_admissions(admissions, seats)::BIGINT AS occupied_admissions,
    occupied_seats(admissions, seats)::BIGINT AS occupied_seats,
    sum(seats)::BIGINT AS seats,
    list(DISTINCT film_key ORDER BY film_key) AS film_keys
FROM query_table(facts)
GROUP BY ALL;

-- One row per day, programme, host country, production countries and occupancy band, over the screening rows whose
-- band is known (admissions known, seats known and above zero).
CREATE OR REPLACE MACRO occupancy_band_day_facts_of(facts) AS TABLE
SELECT
    screening_date,
    program,
    host_country,
    film_countries,
    occupancy_band(admissions, seats) AS band,
    count(*)::BIGINT AS screening_rows,
    sum(sessions)::BIGINT AS screenings
FROM query_table(facts)
WHERE occupancy_band(admissions, seats) IS NOT NULL
GROUP BY ALL;

-- One row per day, programme, host country and production countries of the screening, currency and whether a gross
-- was given, over the attendance rows (ticket types) of the screenings.
CREATE OR REPLACE MACRO gross_day_facts_of(facts, attendance_rows) AS TABLE
SELECT
    screenings.screening_date,
    screenings.program,
    screenings.host_country,
    screenings.film_countries,
    attendance.currency,
    attendance.gross IS NOT NULL AS with_gross,
    count(*)::BIGINT AS attendance_rows,
    sum(attendance.admissions)::BIGINT AS admissions,
    count(attendance.admissions)::BIGINT AS attendance_rows_with_admissions,
    sum(attendance.gross) AS gross
FROM query_table(attendance_rows) AS attendance
INNER JOIN query_table(facts) AS screenings ON attendance.screening_id = screenings.screening_id
GROUP BY ALL;

-- One row per day, programme, host country and production countries of the screening, table (screenings or
-- attendance) and source named: the screening rows and the ticket rows of those screenings that name it. The pages'
-- source lines (sources_in_scope) read this instead of joining ten million ticket rows to their screenings.
CREATE OR REPLACE MACRO source_day_facts_of(facts, attendance_rows) AS TABLE
SELECT
    'screenings' AS table_name,
    source,
    screening_date,
    program,
    host_country,
    film_countries,
    count(*)::BIGINT AS row_count
FROM query_table(facts)
WHERE source IS NOT NULL
GROUP BY ALL
UNION ALL
SELECT
    'attendance' AS table_name,
    attendance.source,
    screenings.screening_date,
    screenings.program,
    screenings.host_country,
    screenings.film_countries,
    count(*)::BIGINT AS row_count
FROM query_table(attendance_rows) AS attendance
INNER JOIN query_table(facts) AS screenings ON attendance.screening_id = screenings.screening_id
WHERE attendance.source IS NOT NULL
GROUP BY ALL;

-- One row per table, source and file: the rows it holds and the dates they span.
CREATE OR REPLACE MACRO source_facts_rows() AS TABLE
SELECT
    table_name,
    source,
    source_file,
    count(*)::BIGINT AS row_count,
    min(day) AS first_date,
    max(day) AS last_date
FROM (
    SELECT
        'screenings' AS table_name,
        source,
        source_file::VARCHAR AS source_file,
        screening_date AS day
    FROM screenings
    UNION ALL
    SELECT
        'attendance' AS table_name,
        source,
        source_file::VARCHAR AS source_file,
        NULL::DATE AS day
    FROM attendance
    UNION ALL
    SELECT
        'agreements' AS table_name,
        source,
        source_file::VARCHAR AS source_file,
        proposed_date AS day
    FROM agreements
    UNION ALL
    SELECT
        'targets' AS table_name,
        source,
        source_file::VARCHAR AS source_file,
        NULL::DATE AS day
    FROM targets
    UNION ALL
    SELECT
        'films' AS table_name,
        source,
        source_file::VARCHAR AS source_file,
        NULL::DATE AS day
    FROM films
    UNION ALL
    SELECT
        'releases' AS table_name,
        source,
        source_file::VARCHAR AS source_file,
        release_date AS day
    FROM releases
)
GROUP BY ALL;

CREATE OR REPLACE TABLE screening_day_facts AS FROM screening_day_facts_of('screening_facts') ORDER BY screening_date;

CREATE OR REPLACE TABLE film_day_facts AS FROM film_day_facts_of('screening_facts') ORDER BY screening_date;

CREATE OR REPLACE TABLE venue_day_facts AS FROM venue_day_facts_of('screening_facts') ORDER BY screening_date;

CREATE OR REPLACE TABLE occupancy_band_day_facts AS FROM occupancy_band_day_facts_of('screening_facts') ORDER BY screening_date;

CREATE OR REPLACE TABLE gross_day_facts AS FROM gross_day_facts_of('screening_facts', 'attendance') ORDER BY screening_date;

CREATE OR REPLACE TABLE source_day_facts AS FROM source_day_facts_of('screening_facts', 'attendance') ORDER BY screening_date;

CREATE OR REPLACE TABLE source_facts AS FROM source_facts_rows() ORDER BY table_name, source_file;

-- The rows of each pre-aggregated table that match the dashboard's global filters (facts_in_scope over that table).
CREATE OR REPLACE MACRO screening_days_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
FROM facts_in_scope('screening_day_facts', start_date, end_date, programs, host_countries, film_countries);

CREATE OR REPLACE MACRO film_days_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
FROM facts_in_scope('film_day_facts', start_date, end_date, programs, host_countries, film_countries);

CREATE OR REPLACE MACRO venue_days_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
FROM facts_in_scope('venue_day_facts', start_date, end_date, programs, host_countries, film_countries);

CREATE OR REPLACE MACRO occupancy_band_days_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
FROM facts_in_scope('occupancy_band_day_facts', start_date, end_date, programs, host_countries, film_countries);

CREATE OR REPLACE MACRO gross_days_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
FROM facts_in_scope('gross_day_facts', start_date, end_date, programs, host_countries, film_countries);

CREATE OR REPLACE MACRO source_days_in_scope(start_date, end_date, programs, host_countries, film_countries) AS TABLE
FROM facts_in_scope('source_day_facts', start_date, end_date, programs, host_countries, film_countries);

-- The pre-aggregated rows of the filters that lie inside the focus pair, with their direction (directed_facts).
CREATE OR REPLACE MACRO directed_screening_days(
    start_date, end_date, programs, host_countries, film_countries, country_a, country_b
) AS TABLE
FROM directed_facts('screening_day_facts', start_date, end_date, programs, host_countries, film_countries, country_a, country_b);

CREATE OR REPLACE MACRO directed_film_days(
    start_date, end_date, programs, host_countries, film_countries, country_a, country_b
) AS TABLE
FROM directed_facts('film_day_facts', start_date, end_date, programs, host_countries, film_countries, country_a, country_b);

-- The film_day_facts rows an agreement reaches: its programme's screenings in its countries from its proposed date on
-- (the agreement's page counts and charts these).
CREATE OR REPLACE MACRO agreement_film_days(agreement_key) AS TABLE
SELECT facts.*
FROM film_day_facts AS facts
INNER JOIN agreements AS agreement
    ON
        facts.program = agreement.program
        AND list_contains(agreement.countries, facts.host_country)
        AND facts.screening_date >= agreement.proposed_date
WHERE agreement.agreement_id = agreement_key;

-- == Film lists ====================================================================================================

-- The films of the filters whose production countries hold every country of produced_in (an empty list: any film;
-- a NULL in it: none), one row per film identity, over film_day_facts: its name (film_identities), its production
-- countries as recorded on most of its screening rows (on a tie, the first in alphabetical order), its first screening,
-- its sums, and the host countries where it was shown, separated by ;. The film lists of the pages (the top films, a
-- country's films, the focus pair's co-productions) each select, order and cut these rows.
CREATE OR REPLACE MACRO film_listing(start_date, end_date, programs, host_countries, film_countries, produced_in) AS TABLE
WITH by_film_country AS (
    SELECT
        days.film_key,
        days.film_country,
        sum(days.screening_rows) AS screening_rows,
        min(days.screening_date) AS first_screening,
        sum(days.screenings) AS screenings,
        sum(days.admissions) AS admissions,
        sum(days.screenings_with_admissions) AS screenings_with_admissions,
        list(DISTINCT days.host_country) AS hosts
    FROM film_days_in_scope(start_date, end_date, programs, host_countries, film_countries) AS days
    WHERE list_has_all(days.film_countries, produced_in) AND list_count(produced_in) = len(produced_in)
    GROUP BY days.film_key, days.film_country
),

by_film AS (
    SELECT
        film_key,
        first(film_country ORDER BY screening_rows DESC, film_country ASC) AS film_country,
        min(first_screening) AS first_screening,
        sum(screenings) AS screenings,
        sum(admissions) AS admissions,
        sum(screenings_with_admissions) AS screenings_with_admissions,
        array_to_string(list_sort(list_distinct(flatten(list(hosts)))), ';') AS hosts
    FROM by_film_country
    GROUP BY film_key
)

SELECT
    by_film.film_key,
    film_identities.film_title,
    by_film.film_country,
    by_film.first_screening,
    by_film.screenings::BIGINT AS screenings,
    by_film.admissions::BIGINT AS admissions,
    by_film.screenings_with_admissions::BIGINT AS screenings_with_admissions,
    by_film.hosts AS host_countries
FROM by_film
INNER JOIN film_identities ON by_film.film_key = film_identities.film_key;
