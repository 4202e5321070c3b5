-- Group the audit entries of one save into a batch, tagged with its compound, so a save can be found and undone.
CREATE SEQUENCE audit_batch_seq;
ALTER TABLE audit_log ADD COLUMN batch BIGINT;
ALTER TABLE audit_log ADD COLUMN compound_id INTEGER;
