-- File every person of one tier in a compound under an organisation.
UPDATE person SET organisation_id = $organisation_id WHERE compound_id = $compound_id AND tier = $tier
