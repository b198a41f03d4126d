-- title: Agreements by type and status
-- question: What kinds of agreement were proposed in the period, and where does each kind stand today?
-- grain: one row per agreement type and status
-- parameters: start_date, end_date, programs, host_countries
-- columns:
--   agreement_type: memorandum, co-production, distribution, festival-exchange, working-group, academy, association, training or other (text)
--   status: the status today (text)
--   agreements: agreements proposed in the date range (count)
-- pages: agreements

SELECT
    agreement_type,
    status,
    count(*)::BIGINT AS agreements
FROM agreements_proposed_in($start_date, $end_date, $programs, $host_countries)
GROUP BY agreement_type, status
ORDER BY agreement_type, status
