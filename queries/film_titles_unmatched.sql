-- title: Titles that match no film, or several
-- question: Which exported titles could not be matched to one film of films.csv, where are they, and which films do the ambiguous ones name?
-- grain: one row per table and exported title (of rows without film_id) that matches no film or several films of films.csv; none when films.csv holds no film
-- parameters: none
-- columns:
--   table_name: screenings or releases (text)
--   film_title: the title as exported (text)
--   status: no film (counted as a film of its own) or several films (a warning; counted as a title of its own too) (text)
--   film_key: the key the rows are counted under: ~ and the title's key (text)
--   candidates: the films whose titles match, with their names, e.g. F001 (The Salesman), F017 (Salesman) (text)
--   row_count: rows that carry the title (count)
--   files: the files they are in, separated by ; (text)
--   first_file: the first file that carries it (text)
--   first_line: its first line there (line number)
-- pages: data_quality, analyst

SELECT
    uses.table_name,
    uses.film_title,
    CASE WHEN len(matches.film_ids) = 0 THEN 'no film' ELSE 'several films' END AS status,
    '~' || matches.title_key AS film_key,
    matches.films_named AS candidates,
    sum(uses.row_count)::BIGINT AS row_count,
    string_agg(uses.source_file, ';' ORDER BY uses.source_file) AS files,
    arg_min(uses.source_file, uses.source_file) AS first_file,
    arg_min(uses.first_line, uses.source_file) AS first_line
FROM film_title_uses AS uses
INNER JOIN film_title_matches AS matches ON uses.film_title = matches.film_title
WHERE
    len(matches.film_ids) <> 1
    AND EXISTS (SELECT 1 FROM films)
GROUP BY uses.table_name, uses.film_title, matches.film_ids, matches.title_key, matches.films_named
ORDER BY status DESC, row_count DESC, uses.film_title ASC
