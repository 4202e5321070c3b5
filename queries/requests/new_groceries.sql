-- The grocery requests of one building still waiting to be assigned (status new), oldest first.
SELECT r.id FROM resident_request r
WHERE r.building_id = $building_id AND r.kind = 'groceries' AND r.status = 'new'
ORDER BY r.created_at, r.id
