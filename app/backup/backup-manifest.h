/*
 * What madoguchi-admin backup, restore-test and rekey share above the database layer: the
 * manifest written beside each backup, the backup key file, file digests and the paths
 * the configuration resolves to.
 *
 * The manifest is "name = value" text (one per line) ending in a "mac = " line: an
 * HMAC-SHA256 of every byte before it under a key derived from the backup key, so that
 * neither the manifest nor, through its SHA-256, the backup can be altered unnoticed by
 * someone without that key. backup_key_id names the key (a derived fingerprint, not the
 * key) so that a wrong key is told apart from an altered manifest.
 */
#ifndef BACKUP_MANIFEST_H
#define BACKUP_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "backup/backup.h"

struct key;
struct admin_db_opts;

#define BACKUP_KEY_DEFAULT_PATH	SYSCONFDIR "/madoguchi/backup.key"
#define MANIFEST_SUFFIX		".manifest"
#define MANIFEST_FORMAT		1
#define MANIFEST_MAX		(1024 * 1024)
#define KEY_ID_HEX		16

struct manifest {
	int			 format;
	char			*file;		/* the backup's name, without directory */
	char			*created;	/* UTC, 2026-11-23T09:15:00Z */
	char			*sqlcipher;
	int64_t			 size;
	char			 sha256[65];
	char			 key_id[KEY_ID_HEX + 1];
	struct backup_facts	 facts;		/* terminal, schema, audit head, rows */
};

char	*manifest_format(const struct manifest *, const struct key *);
int	 manifest_parse(const char *, const char *, size_t, const struct key *,
	    struct manifest *, char **);
void	 manifest_free(struct manifest *);
int	 manifest_read(const char *, const struct key *, struct manifest *, char **);
int	 manifest_write(const char *, const struct manifest *, const struct key *, char **);

void	 backup_key_id(const struct key *, char *);
int	 backup_key_get(const char *, int, struct key *, int *, char **);
int	 backup_file_sha256(const char *, char *, int64_t *, char **);
int	 sync_dir_of(const char *, char **);
int	 admin_paths(const struct admin_db_opts *, char **, char **, char **);

#endif
