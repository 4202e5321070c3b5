-- PostgreSQL's spelling of advance_sequence.sql: the sequence next hands out $n + 1 (setval, as PostgreSQL has no range()).
SELECT setval($sequence, $n)
