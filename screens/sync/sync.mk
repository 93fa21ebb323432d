# Sync (SPEC §10): the sync screen (outbox, limits, sync now), the conflict queue
# (supervisors) and the sync state on the title line.
screens_libui_a_SOURCES += screens/sync/screen-sync.c screens/sync/screen-sync-conflicts.c \
	screens/sync/sync-line.c screens/sync/sync-labels.c \
	screens/sync/sync-line.h screens/sync/sync-labels.h
