# madoguchi-admin's subcommands, one file each (cmd-admin-NAME.c, as tmux's cmd-*.c), and
# what the command-line tools share: opening the terminal's database from its configuration.
app_libapp_a_SOURCES += app/admin/admin.h app/admin/admin-common.c \
	app/admin/dbopen.c app/admin/dbopen.h
# The judgement of status --check, apart so that a unit test can drive it.
app_libapp_a_SOURCES += app/admin/status-check.c app/admin/status-check.h
# Which processes have the database open, and whether their memory is locked.
app_libapp_a_SOURCES += app/admin/status-memlock.c app/admin/status-memlock.h

madoguchi_admin_SOURCES += \
	app/admin/admin-sync.c app/admin/admin-sync.h \
	app/admin/cmd-admin-init.c \
	app/admin/cmd-admin-status.c \
	app/admin/cmd-admin-config.c \
	app/admin/cmd-admin-verify-audit.c \
	app/admin/cmd-admin-audit-head.c \
	app/admin/cmd-admin-account-request.c \
	app/admin/cmd-admin-account-register.c \
	app/admin/cmd-admin-audit-reviews.c app/admin/cmd-admin-report.c \
	app/admin/cmd-admin-stats.c \
	app/admin/cmd-admin-disclosure.c \
	app/admin/cmd-admin-retention.c \
	app/admin/cmd-admin-decommission.c \
	app/admin/cmd-admin-demo-data.c \
	app/admin/cmd-admin-juki-check.c \
	app/admin/cmd-admin-suspensions-end.c \
	app/admin/cmd-admin-number-block.c \
	app/admin/cmd-admin-sync-now.c \
	app/admin/cmd-admin-sync-recover.c \
	app/admin/cmd-admin-signing-key.c \
	app/admin/cmd-admin-rekey.c \
	app/admin/cmd-admin-backup.c \
	app/admin/cmd-admin-restore-test.c \
	app/admin/cmd-admin-migrate.c
madoguchi_admin_LDADD += $(SYNC_LIBS)
