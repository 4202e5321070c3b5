-- Indexes for a compound's reads: PostgreSQL indexes no referencing column by itself, and without these a page's
-- per-compound joins scan every compound's people and shift places (DuckDB's file indexes its keys and prunes scans).
CREATE INDEX person_compound_idx ON person (compound_id);
CREATE INDEX building_assignment_person_idx ON building_assignment (person_id);
CREATE INDEX shift_assignment_person_idx ON shift_assignment (person_id);
CREATE INDEX availability_person_idx ON availability (person_id, starts_at);
CREATE INDEX resident_request_building_idx ON resident_request (building_id);
CREATE INDEX stock_movement_supply_idx ON stock_movement (supply_id, moved_at);
CREATE INDEX audit_log_compound_idx ON audit_log (compound_id, batch);
CREATE INDEX grid_chat_member_person_idx ON grid_chat_member (person_id);
