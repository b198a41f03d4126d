-- title: Agreements by status
-- question: Where do the agreements proposed in the period stand today, from proposal to completion, and which stalled or were cancelled?
-- grain: one row per status that has agreements
-- parameters: start_date, end_date, programs, host_countries
-- columns:
--   status: proposed, negotiating, signed, in-progress, completed, stalled or cancelled (text)
--   stage: the position of the status in the pipeline, 1 = proposed, 6 and 7 = stalled and cancelled (number)
--   agreements: agreements proposed in the date range that have this status today (count)
--   value_usd: their declared value, blank values left out (US dollars)
-- pages: agreements

SELECT
    status,
    list_position(['proposed', 'negotiating', 'signed', 'in-progress', 'completed', 'stalled', 'cancelled'], status) AS stage,
    count(*)::BIGINT AS agreements,
    sum(value_usd)::DOUBLE AS value_usd
FROM agreements_proposed_in($start_date, $end_date, $programs, $host_countries)
GROUP BY status
ORDER BY stage
