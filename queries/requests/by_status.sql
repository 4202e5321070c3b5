-- Resident requests of one compound per kind and status.
SELECT r.kind, r.status, count(*) AS requests, min(r.created_at) AS oldest
FROM resident_request r JOIN building b ON b.id = r.building_id
WHERE b.compound_id = $compound_id
GROUP BY ALL
ORDER BY r.kind, r.status
