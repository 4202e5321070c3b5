-- PostgreSQL only (init --force, restore, copy): drop the public schema with every table, sequence and view in it.
DROP SCHEMA IF EXISTS public CASCADE
