-- What a buyer gets on a day: open grocery and medicine requests made by its end, by building and item, with the units to deliver to.
SELECT b.code AS building, b.sort_order AS building_order, r.kind, r.description AS item, count(*) AS requests,
       string_agg(coalesce(r.unit, '-'), ', ' ORDER BY r.unit) AS units, min(r.due_at) AS first_due,
       string_agg(CAST(r.id AS VARCHAR), ',' ORDER BY r.id) AS request_ids
FROM resident_request r JOIN building b ON b.id = r.building_id
WHERE b.compound_id = $compound_id AND r.kind IN ('groceries', 'medicine') AND r.status IN ('new', 'in_progress')
  AND r.created_at < $until
GROUP BY b.code, b.sort_order, r.kind, r.description
ORDER BY b.sort_order, b.code, r.kind, r.description
