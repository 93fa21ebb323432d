# Juki-net lookups (SPEC §5) above the codec (lib/juki*) and the store (db/juki/): sending
# requests, importing results, the periodic check, the comparison with the register, the
# spool directories and rejections into the audit log. docs/juki-format.md has the files.
app_libapp_a_SOURCES += \
	app/juki/juki-lookup.c app/juki/juki-lookup.h \
	app/juki/juki-compare.c app/juki/juki-compare.h \
	app/juki/juki-spool.c app/juki/juki-spool.h \
	app/juki/juki-audit.c app/juki/juki-audit.h
