# Encrypted backups, restore tests and key rotation: the SQL side.
db_libdb_a_SOURCES += db/backup/backup.c db/backup/backup.h \
	db/backup/backup-log.c db/backup/backup-log.h
