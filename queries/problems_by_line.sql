-- title: Load problems by line
-- question: Which lines of which file were rejected or warned about, in which column, with which value and why?
-- grain: one row per problem the loader reported, by file and line (the physical line in the file; the header is line 1)
-- parameters: none
-- columns:
--   file: the export file (text)
--   line: the physical line in the file, blank for a problem about the whole file (line number)
--   severity: error (the row was rejected, or the file could not be used) or warning (the row was kept) (text)
--   column_name: the column at fault (text)
--   value: the offending value as written in the file (text)
--   message: what is wrong, in plain words (text)
-- pages: data_quality

SELECT
    file,
    line,
    severity,
    column_name,
    value,
    message
FROM load_problems
ORDER BY file ASC, line ASC NULLS FIRST, severity ASC, column_name ASC
