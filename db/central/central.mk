# The central PostgreSQL store: its schema, SECURITY DEFINER functions and setup script
# (packaged by madoguchi-central; docs/sync.md).
CENTRAL_SQL = db/central/01-schema.sql db/central/02-functions.sql
EXTRA_DIST += $(CENTRAL_SQL) db/central/madoguchi-central-setup
