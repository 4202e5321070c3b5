-- The migrations recorded in the database, oldest first: their names tell our database from another application's.
SELECT version, name FROM schema_migration ORDER BY version
