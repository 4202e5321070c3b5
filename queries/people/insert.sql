-- Add a person to a compound.
INSERT INTO person (compound_id, name, tier, group_code, organisation_id, title, party_member, phone, status, status_since,
                    status_note, home_building_id, note)
VALUES ($compound_id, $name, $tier, $group_code, $organisation_id, $title, $party_member, $phone, $status, $status_since,
        $status_note, $home_building_id, $note)
RETURNING id
