-- The next $n values of a sequence, so that ids given by the seed never collide with the app's later inserts.
SELECT nextval($sequence) FROM range($n)
