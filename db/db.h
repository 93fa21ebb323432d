/*
 * The encrypted terminal database. Everything outside db/ uses these functions and the
 * data-access modules beside this file; nothing outside db/ sees SQL.
 */
#ifndef DB_H
#define DB_H

#include <stdint.h>

struct db;
struct key;

/* Why db_open failed, so that each tool can say what to do about it. */
enum db_error {
	DB_OK = 0,
	DB_ERR_MISSING,		/* no database file */
	DB_ERR_KEY,		/* the key does not open this database */
	DB_ERR_CORRUPT,		/* unreadable or not a database */
	DB_ERR_DAMAGED,		/* the key opens it; a page it reads first is damaged */
	DB_ERR_NEWER,		/* schema newer than this binary */
	DB_ERR_OTHER,
};

enum db_open_mode {
	DB_OPEN_EXISTING,	/* open and migrate an existing database */
	DB_OPEN_CREATE,		/* create a new database; fail if the file exists */
	DB_OPEN_READONLY,	/* inspect without changing anything (verify tools) */
};

struct db	*db_open(const char *, const struct key *, enum db_open_mode,
		    enum db_error *, char **);
void		 db_close(struct db *);
void		 db_set_offline_limits(struct db *, int, int);
void		 db_set_syncs(struct db *, int);

int		 db_begin(struct db *, char **);
int		 db_commit(struct db *, char **);
void		 db_rollback(struct db *);
int		 db_finish(struct db *, int, char **);
int		 db_set_synchronous(struct db *, int, char **);

int		 db_schema_version(struct db *);
int		 db_schema_latest(void);
const char	*db_cipher_version(struct db *);
int		 db_cipher_legacy(struct db *);
const char	*db_terminal_id(struct db *);
/* The database file, as it was opened. */
const char	*db_file(struct db *);
int		 db_set_terminal_id(struct db *, const char *, char **);


/* Every page of the file checked: 0 intact, 1 damaged, -1 the check could not run. */
int		 db_integrity_check(struct db *, char **);

#endif
