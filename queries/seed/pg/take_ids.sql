-- The next $n values of a sequence, so that ids given by the seed never collide with the app's later inserts (PostgreSQL: generate_series for range).
SELECT nextval($sequence::regclass) FROM generate_series(1, $n::INTEGER)
