-- Who serves the buildings of one compound: buildings and active people per tier.
SELECT p.tier, count(DISTINCT a.building_id) AS buildings, count(DISTINCT p.id) AS people
FROM building_assignment a
JOIN building b ON b.id = a.building_id
JOIN person p ON p.id = a.person_id
WHERE b.compound_id = $compound_id AND p.status = 'active'
GROUP BY p.tier
