-- title: Agreement pipeline by status
-- question: Where do the agreements of the chosen programmes and countries stand today?
-- grain: one row per status that has agreements; the status is as exported, so the date range does not apply
-- parameters: programs, host_countries
-- columns:
--   status: proposed, negotiating, signed, in-progress, completed, stalled or cancelled (text)
--   stage: the position of the status in the pipeline, 1 = proposed (number)
--   agreements: agreements in that status (count)
-- pages: overview

SELECT
    status,
    CASE status
        WHEN 'proposed' THEN 1
        WHEN 'negotiating' THEN 2
        WHEN 'signed' THEN 3
        WHEN 'in-progress' THEN 4
        WHEN 'completed' THEN 5
        WHEN 'stalled' THEN 6
        WHEN 'cancelled' THEN 7
    END AS stage,
    count(*)::BIGINT AS agreements
FROM agreements_in_scope($programs, $host_countries)
GROUP BY status
ORDER BY stage
