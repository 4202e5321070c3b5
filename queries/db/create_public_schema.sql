-- PostgreSQL only (init --force, restore, copy): the empty public schema that the migrations build into.
CREATE SCHEMA public
