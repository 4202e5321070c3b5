-- Remove a person from a building.
DELETE FROM building_assignment WHERE building_id = $building_id AND person_id = $person_id
