-- Active volunteers of the purchasing and emergency groups of one compound: those serving the building first, then the least busy.
SELECT p.id AS person_id, p.name, p.group_code, g.name_zh AS group_zh, g.name_en AS group_en, p.phone,
       EXISTS (SELECT 1 FROM building_assignment a WHERE a.person_id = p.id AND a.building_id = $building_id) AS serves_building,
       (SELECT count(*) FROM resident_request r
        WHERE r.assignee_id = p.id AND r.status = 'in_progress') AS in_progress
FROM person p JOIN person_group g ON g.code = p.group_code
WHERE p.compound_id = $compound_id AND p.status = 'active' AND p.tier = 'volunteer'
  AND p.group_code IN ('purchasing', 'emergency')
ORDER BY serves_building DESC, in_progress, g.sort_order, p.name, p.id
