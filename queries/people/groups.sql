-- Every group with its tier, for pickers and for checking a person's group against their tier.
SELECT code, tier, name_zh, name_en, gate_eligible FROM person_group ORDER BY sort_order
