# The desk's background sync process (SPEC §10): drops root after reading its keys, pushes
# and pulls through db/libsync.a, and records its state for the title line. It is a helper
# program of its own, so that only it maps libpq; the desk links only what starts it.
madoguchi_SOURCES += app/sync/sync-launch.c app/sync/sync-bg.h

pkglibexec_PROGRAMS += madoguchi-sync
madoguchi_sync_SOURCES = app/madoguchi-sync.c app/sync/sync-bg.c app/sync/sync-bg.h
madoguchi_sync_LDADD = $(SYNC_LIBS)
