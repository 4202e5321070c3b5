-- Write the WAL into the database file, so a finished file stands on its own.
CHECKPOINT
