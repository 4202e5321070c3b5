-- Add an organisation the seed's people belong to or are sent from.
INSERT INTO organisation (name, name_en, kind, parent_id) VALUES ($name, $name_en, $kind, $parent_id) RETURNING id
