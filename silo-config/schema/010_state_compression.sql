-- 010 - Grain state above 2 KB is compressed by PostgreSQL when written. lz4 instead of the default pglz: at W1's
-- 64 clients PostgreSQL spent about 15 % less CPU per case transition (docs/benchmarks.md). Rows already written
-- keep pglz until they are written again; both read back the same.

ALTER TABLE orleans_grain_state ALTER COLUMN payload SET COMPRESSION lz4;
