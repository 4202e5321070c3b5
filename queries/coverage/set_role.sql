-- Change whether a person is a building's primary or backup.
UPDATE building_assignment SET role = $role WHERE building_id = $building_id AND person_id = $person_id
