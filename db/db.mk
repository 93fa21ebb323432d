# Storage: the encrypted database itself (open, key, migrations, locked memory); its
# subsystems add their files from db/<subsystem>/<subsystem>.mk.
noinst_LIBRARIES += db/libdb.a
db_libdb_a_CPPFLAGS = $(DB_INCLUDES) $(PATH_DEFS)
db_libdb_a_SOURCES = \
	db/cipher-provider.c db/cipher-provider.h db/db.c db/db.h db/db-internal.h \
	db/memlock.c db/memlock.h db/migrate.c
nodist_db_libdb_a_SOURCES = db/migrations.h

MIGRATIONS = \
	db/migrations/0001-base.sql \
	db/migrations/0002-accounts.sql \
	db/migrations/0003-register.sql \
	db/migrations/0004-register-work.sql \
	db/migrations/0005-juki.sql \
	db/migrations/0006-certificates.sql \
	db/migrations/0007-audit-secret.sql \
	db/migrations/0008-sync.sql \
	db/migrations/0009-number-blocks-central.sql \
	db/migrations/0010-conflict-causes.sql \
	db/migrations/0011-audit-review.sql \
	db/migrations/0012-audit-flags.sql \
	db/migrations/0013-sync-screen.sql \
	db/migrations/0014-disclosure-requests.sql \
	db/migrations/0015-retention.sql \
	db/migrations/0016-export.sql \
	db/migrations/0017-media-import.sql \
	db/migrations/0018-compliance-registers.sql \
	db/migrations/0019-accounts-office.sql \
	db/migrations/0020-procedures.sql \
	db/migrations/0021-config-seen.sql \
	db/migrations/0022-account-changes.sql \
	db/migrations/0023-rolefn-changes.sql \
	db/migrations/0024-account-logins.sql \
	db/migrations/0025-registrations-list.sql \
	db/migrations/0026-receptions.sql \
	db/migrations/0027-reception-fees.sql \
	db/migrations/0028-reception-register.sql \
	db/migrations/0029-register-life.sql \
	db/migrations/0030-register-actions.sql \
	db/migrations/0031-holder-merge.sql \
	db/migrations/0032-qualification-rules.sql \
	db/migrations/0033-notify-reasons.sql \
	db/migrations/0034-refusals-view.sql \
	db/migrations/0035-outbox-record-index.sql \
	db/migrations/0036-outbox-payload-views.sql \
	db/migrations/0037-holder-name-lists.sql \
	db/migrations/0038-mynumbers-acknowledged-index.sql \
	db/migrations/0039-conflict-reason-ja.sql
EXTRA_DIST += $(MIGRATIONS) db/gen-migrations.sh
BUILT_SOURCES += db/migrations.h
CLEANFILES += db/migrations.h
db/migrations.h: $(MIGRATIONS) $(srcdir)/db/gen-migrations.sh
	$(AM_V_GEN)$(MKDIR_P) db && \
	$(SHELL) $(srcdir)/db/gen-migrations.sh $(addprefix $(srcdir)/,$(MIGRATIONS)) > $@.tmp && \
	mv $@.tmp $@
