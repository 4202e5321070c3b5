-- Assign a person to a building.
INSERT INTO building_assignment (building_id, person_id, role) VALUES ($building_id, $person_id, $role) RETURNING id
