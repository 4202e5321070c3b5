-- One person with every field, for editing and for the audit's before/after.
SELECT id, compound_id, name, tier, group_code, organisation_id, title, party_member, phone, status, status_since,
       status_note, home_building_id, note
FROM person WHERE id = $id
