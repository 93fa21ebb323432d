# The programs' entry points, and app/libapp.a: the logic above storage that their
# subsystems (app/<subsystem>/<subsystem>.mk) add to it. No curses, and SQL only through db/.
noinst_LIBRARIES += app/libapp.a
app_libapp_a_CPPFLAGS = $(APP_INCLUDES) $(PATH_DEFS)
app_libapp_a_SOURCES =

# What every program links, from the top layer down.
CORE_LIBS = app/libapp.a db/libdb.a lib/libbase.a $(SQLCIPHER_LIBS) $(CRYPTO_LIBS) $(LIBICONV)

bin_PROGRAMS += madoguchi madoguchi-audit madoguchi-verify
sbin_PROGRAMS += madoguchi-admin

# The desk application: the screens over everything else.
madoguchi_SOURCES = app/madoguchi.c
madoguchi_LDADD = screens/libui.a $(CORE_LIBS) $(NCURSESW_LIBS)

madoguchi_audit_SOURCES = app/madoguchi-audit.c
madoguchi_audit_LDADD = $(CORE_LIBS)

# madoguchi-verify checks a certificate offline: OpenSSL only at run time.
madoguchi_verify_SOURCES = app/madoguchi-verify.c
madoguchi_verify_LDADD = $(CORE_LIBS)

# The sysadmin's command; its subcommands are app/admin/cmd-admin-*.c.
madoguchi_admin_SOURCES = app/madoguchi-admin.c
madoguchi_admin_LDADD = $(CORE_LIBS)
