# Domain code without curses or SQL: memory, keys, configuration, codecs, validators.
noinst_LIBRARIES += app/libcore.a
app_libcore_a_SOURCES = \
	app/xmalloc.c app/xmalloc.h \
	app/i18n.c app/i18n.h \
	app/keyfile.c app/keyfile.h \
	app/uuid.c app/uuid.h \
	app/config-file.c app/config-file.h

# What the command-line tools share above the database layer.
noinst_LIBRARIES += app/libcmd.a
app_libcmd_a_SOURCES = \
	app/dbopen.c app/dbopen.h \
	app/admin.h app/admin-common.c

# What every program links.
CORE_LIBS = app/libcmd.a db/libdb.a app/libcore.a $(SQLCIPHER_LIBS) $(CRYPTO_LIBS) $(LIBICONV)

bin_PROGRAMS += madoguchi madoguchi-audit
sbin_PROGRAMS += madoguchi-admin
madoguchi_SOURCES = app/madoguchi.c
madoguchi_LDADD = screens/libui.a $(CORE_LIBS) $(NCURSESW_LIBS)

madoguchi_audit_SOURCES = app/madoguchi-audit.c
madoguchi_audit_LDADD = $(CORE_LIBS)

madoguchi_admin_SOURCES = app/madoguchi-admin.c \
	app/cmd-admin-init.c \
	app/cmd-admin-status.c \
	app/cmd-admin-verify-audit.c \
	app/cmd-admin-account-request.c \
	app/cmd-admin-demo-data.c \
	app/cmd-admin-account-register.c
madoguchi_admin_LDADD = $(CORE_LIBS)
