# The desk's background sync process (SPEC §10): drops root after reading its keys, pushes
# and pulls through db/libsync.a, and records its state for the title line.
madoguchi_SOURCES += app/sync/sync-bg.c app/sync/sync-bg.h
madoguchi_LDADD += $(SYNC_LIBS)
