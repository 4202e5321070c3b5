-- Take a quantity out of an item's stock only if that much is there; the write re-reads the stock to see that it did (no RETURNING: DuckDB would then rewrite the row that movements reference).
UPDATE supply SET quantity = quantity - $quantity WHERE id = $id AND quantity >= $quantity
