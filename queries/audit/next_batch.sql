-- A new audit batch number: the entries of one undoable unit share it.
SELECT nextval('audit_batch_seq')
