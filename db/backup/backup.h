/*
 * Encrypted backups and key rotation of the terminal database (SPEC §7).
 *
 * A backup is a whole copy made with sqlcipher_export under a separate backup key. The
 * facts a restore test checks it against (row counts of every table, the audit chain's
 * head) are read in the same read transaction as the copy, so they describe exactly the
 * snapshot that was copied even while the terminal keeps writing.
 */
#ifndef BACKUP_H
#define BACKUP_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct key;

struct backup_table {
	char	*name;
	int64_t	 rows;
};

struct backup_facts {
	char			*terminal_id;
	int			 schema_version;
	int64_t			 audit_count;		/* audit_head's count */
	char			 audit_head[65];	/* hex MAC of the last entry, or "" */
	struct backup_table	*tables;		/* sorted by name */
	size_t			 ntables;
};

int	 backup_export(struct db *, const char *, const struct key *,
	    struct backup_facts *, char **);
int	 backup_facts_read(struct db *, struct backup_facts *, char **);
void	 backup_facts_free(struct backup_facts *);
int	 backup_restore(const char *, const struct key *, const char *,
	    const struct key *, char **);

int	 db_rekey(struct db *, const struct key *, char **);
int	 db_rekey_copy(struct db *, const struct key *, const char *, char **);

#endif
