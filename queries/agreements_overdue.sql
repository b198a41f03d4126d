-- title: Stalled and overdue agreements
-- question: Which agreements need attention today: stalled, or still open after their end date has passed?
-- grain: one row per agreement that is stalled, or whose status is open (proposed, negotiating, signed, in-progress, stalled) and whose end_date is before today; the date range does not apply
-- parameters: programs, host_countries
-- columns:
--   agreement_id: the agreement id (text)
--   title: the agreement (text)
--   status: its status today (text)
--   reason: stalled, past its end date, or both (text)
--   end_date: the day it was due to end, blank when none (date)
--   days_overdue: days from end_date to today, blank when end_date has not passed (days)
--   proposed_date: the day it was proposed (date)
--   days_since_proposed: days from proposed_date to today (days)
--   agreement_type: its type (text)
--   program: the programme it serves (text)
--   lead_office: the office responsible (text)
-- pages: agreements

WITH flagged AS (
    SELECT
        *,
        status = 'stalled' AS is_stalled,
        agreement_is_overdue(end_date, status, current_date) AS is_overdue
    FROM agreements_in_scope($programs, $host_countries)
)

SELECT
    agreement_id,
    title,
    status,
    CASE
        WHEN is_stalled AND is_overdue THEN 'stalled and past its end date'
        WHEN is_stalled THEN 'stalled'
        ELSE 'past its end date'
    END AS reason,
    end_date,
    CASE WHEN is_overdue THEN date_diff('day', end_date, current_date) END::BIGINT AS days_overdue,
    proposed_date,
    date_diff('day', proposed_date, current_date)::BIGINT AS days_since_proposed,
    agreement_type,
    program,
    lead_office
FROM flagged
WHERE is_stalled OR is_overdue
ORDER BY days_overdue DESC NULLS LAST, days_since_proposed DESC, agreement_id ASC
