-- Gates whose name starts with the given words (南门 finds 南门（主卡口）), first compound first: the demo gate lead's gate.
SELECT id, compound_id, name FROM gate WHERE left(name, length($prefix)) = $prefix ORDER BY compound_id, sort_order, id
