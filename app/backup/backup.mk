# Backups (SPEC §12): the manifest that describes an encrypted backup and binds it to its
# key, above the SQL side in db/backup/.
app_libapp_a_SOURCES += app/backup/backup-manifest.c app/backup/backup-manifest.h
