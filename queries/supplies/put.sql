-- Add a received quantity to an item's stock (no RETURNING: DuckDB would then rewrite the row that movements reference).
UPDATE supply SET quantity = quantity + $quantity WHERE id = $id
