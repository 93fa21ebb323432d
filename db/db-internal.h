/* Shared by the files of db/ only: the handle and statement helpers. */
#ifndef DB_INTERNAL_H
#define DB_INTERNAL_H

#define SQLITE_HAS_CODEC 1
#include <sqlcipher/sqlite3.h>

#include <stdint.h>

#include "db.h"

/* The time rows are stamped with: UTC, milliseconds, ISO 8601. */
#define NOW	"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

#define AUDIT_KEY_BYTES	32

/* Statements prepared once per connection: the audit append is on every action's path. */
enum db_stmt {
	STMT_AUDIT_HEAD,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_HEAD_SET,
	STMT_COUNT
};

struct db {
	sqlite3		*h;
	sqlite3_stmt	*stmts[STMT_COUNT];
	void		*audit_mac;	/* struct chain_mac, made on first use */
	void		*juki_answers;	/* juki-answers.c's source, owned by SQLite */
	char		*path;
	char		*cipher_version;
	char		*terminal_id;
	int		 in_tx;
	uint8_t		 audit_key[AUDIT_KEY_BYTES];
};

sqlite3_stmt	*db_prepare(struct db *, const char *, char **);
sqlite3_stmt	*db_cached(struct db *, enum db_stmt, const char *, char **);
void		 audit_mac_free(struct db *);
int		 db_exec(struct db *, const char *, char **);
int		 db_fail(struct db *, char **, const char *);
int		 db_step_done(struct db *, sqlite3_stmt *, const char *, char **);
char		*db_column_dup(sqlite3_stmt *, int);
int		 db_migrate(struct db *, char **);
int		 db_read_schema_version(struct db *, int *, char **);

#endif
