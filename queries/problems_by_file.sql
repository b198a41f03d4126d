-- title: Load problems by file, severity and column
-- question: How many rows did the loader reject or warn about, in which file and which column?
-- grain: one row per file, severity and column with problems; file errors have a blank column unless one is named
-- parameters: none
-- columns:
--   file: the export file (text)
--   severity: error (the row was rejected, or the file could not be used) or warning (the row was kept) (text)
--   column_name: the column at fault, blank when the problem is about the whole row or file (text)
--   problems: problems reported (count)
--   lines: distinct lines concerned (count)
-- pages: data_quality

SELECT
    file,
    severity,
    column_name,
    count(*)::BIGINT AS problems,
    count(DISTINCT line)::BIGINT AS lines
FROM load_problems
GROUP BY file, severity, column_name
ORDER BY file ASC, severity ASC, problems DESC, column_name ASC
