# The central PostgreSQL store: its schema, SECURITY DEFINER functions, the rules of synced
# values and the setup script (packaged by madoguchi-central; docs/sync.md).
CENTRAL_SQL = db/central/01-schema.sql db/central/02-functions.sql db/central/03-rules.sql
EXTRA_DIST += $(CENTRAL_SQL) db/central/madoguchi-central-setup

# 03-rules.sql is made from the terminal's rules (db/sync/sync-rules-sql.c) and committed,
# so that the package ships plain SQL; tests/cli/test-central-rules.sh fails while it
# differs from what the program prints. After changing the rules:
#	make update-central-rules && git add db/central/03-rules.sql
.PHONY: update-central-rules
update-central-rules: db/sync/sync-rules-sql$(EXEEXT)
	$(AM_V_GEN)./db/sync/sync-rules-sql$(EXEEXT) > $(srcdir)/db/central/03-rules.sql.tmp && \
	mv $(srcdir)/db/central/03-rules.sql.tmp $(srcdir)/db/central/03-rules.sql
