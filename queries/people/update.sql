-- Change a person's details (status has its own query).
UPDATE person SET name = $name, tier = $tier, group_code = $group_code, organisation_id = $organisation_id, title = $title,
       party_member = $party_member, phone = $phone, home_building_id = $home_building_id, note = $note
WHERE id = $id
