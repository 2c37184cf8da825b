-- 001 - the table of named queries.
--
-- The Orleans ADO.NET providers ship no SQL. At start-up each provider runs
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- (unquoted, so PostgreSQL folds every name to lower case) and afterwards
-- executes only the texts it found there, binding its own named parameters.
-- The table and its two columns are therefore created with unquoted names
-- too, and must never be renamed or quoted with capitals.
--
-- Writing rules for every query text stored here (files 002 to 004)
--   * plain single SQL statements, parameters written as @Name exactly as the
--     provider spells them, no trailing semicolon inside the text;
--   * result columns the provider reads by name get a double-quoted alias in
--     the exact case the provider asks for (Npgsql would also match them
--     case-insensitively, the quotes just remove the guesswork);
--   * the texts are ordinary single-quoted literals, so that any client that
--     splits a multi-statement script (Npgsql included) sees them as strings.
--
-- Later migrations change a query with UPDATE orleansquery ... WHERE querykey = ...

CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,

    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey),
    CONSTRAINT orleansquery_text_present CHECK (length(btrim(querytext)) > 0)
);

COMMENT ON TABLE orleansquery IS
    'Named SQL texts loaded by the Orleans ADO.NET providers at start-up (QueryKey, QueryText).';
