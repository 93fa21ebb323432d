/* Shared by the files of db/ only: the handle and statement helpers. */
#ifndef DB_INTERNAL_H
#define DB_INTERNAL_H

#define SQLITE_HAS_CODEC 1
#include <sqlcipher/sqlite3.h>

#include <stdint.h>

#include "db.h"
#include "audit/audit.h"
#include "keyfile.h"

/* The time rows are stamped with: UTC, milliseconds, ISO 8601. */
#define NOW	"strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

#define AUDIT_KEY_BYTES	32

/*
 * 16 MiB of page cache (negative: KiB): the hot pages of the name index and the tables'
 * upper levels stay decrypted, which is most of what an encrypted search costs (bench/
 * search); well inside the 64 MiB the terminal may use (SPEC §13). Measured at 1,000,000
 * holders (issue 28): 8 MiB took 40 % more processor time for a kana name, 32 and 64 MiB
 * were within 10 % of 16, and 64 MiB took the searching process to 75 MiB resident.
 */
#define DB_CACHE_KIB	"-16384"
/* While a Juki result file is stored (juki-store.c), for as long as that takes. */
#define JUKI_STORE_CACHE_KIB	"-32768"

/*
 * The cipher settings every database file is made with (issue 28, chosen by measurement
 * with bench/search at 1,000,000 holders; the figures are at the top of bench/search.c).
 * HMAC-SHA256 is computed by the CPU's SHA extensions where HMAC-SHA512 is not, and its
 * 32-byte MAC leaves more of each page for rows. Everything else is SQLCipher 4's own
 * (AES-256-CBC, PBKDF2-HMAC-SHA512 for the MAC key).
 */
#define DB_CIPHER_HMAC		"HMAC_SHA256"
#define DB_CIPHER_PAGE_SIZE	4096
/*
 * SQLCipher 4's defaults (HMAC-SHA512, 4096-byte pages), with which earlier releases made
 * their databases: such a database still opens, and madoguchi-admin rekey moves it to the
 * settings above. Both sizes are multiples of this one.
 */
#define DB_LEGACY_PAGE_SIZE	4096

enum db_cipher {
	DB_CIPHER_CURRENT,	/* the settings above */
	DB_CIPHER_LEGACY,	/* SQLCipher 4's defaults, an earlier release's database */
};


/*
 * Statements kept for reuse by their SQL text. With cipher_memory_security (SPEC §7) each
 * allocation SQLite makes is locked and unlocked with a system call, and preparing a
 * statement makes hundreds: a register import or a Juki result spent most of its time
 * preparing the same few statements again for every row.
 */
#define STMT_CACHE_SIZE	64

struct stmt_cache_entry {
	sqlite3_stmt	*stmt;
	uint32_t	 hash;		/* of the SQL text */
	int		 busy;		/* handed out by db_prepare, not yet released */
	uint64_t	 used;		/* when last handed out, for eviction */
};

struct db {
	sqlite3		*h;
	struct stmt_cache_entry cache[STMT_CACHE_SIZE];
	uint64_t	 cache_clock;
	void		*audit_mac;	/* struct chain_mac, made on first use */
	void		*juki_answers;	/* juki-answers.c's source, owned by SQLite */
	char		*path;
	char		*cipher_version;
	char		*terminal_id;
	int		 in_tx;		/* depth: transactions joined into the outermost */
	int		 tx_doomed;	/* a joined one rolled back: the whole will */
	int		 cipher_legacy;	/* opened with DB_CIPHER_LEGACY */
	int		 page_size;	/* of the file, in bytes */
	int		 offline_max_days;	/* 0: no offline limit (see db_set_offline_limits) */
	int		 offline_max_pending;
	int		 syncs;		/* takes numbers only from leased blocks (db_set_syncs) */
	/*
	 * The audit chain's MAC: computed here with the key from its file (audit-key.c),
	 * or asked of the monitor by a process that may not hold the key (audit_signer).
	 */
	int		 audit_key_set;
	uint8_t		 audit_key[AUDIT_KEY_BYTES];
	audit_signer_fn	*audit_signer;
	void		*audit_signer_arg;
	struct audit_head *audit_head;	/* the head kept outside, advanced after commits */
	struct audit_files *audit_files; /* the key and head files, when the db owns them */
	int		 audit_appended;	/* entries written in the open transaction */
	/* What an older database used as its key, until it is moved out (db.c). */
	enum { DB_AUDIT_KEY_MOVED, DB_AUDIT_KEY_IN_TABLE, DB_AUDIT_KEY_DERIVED } legacy_audit;
	uint8_t		 legacy_audit_key[AUDIT_KEY_BYTES];
};

sqlite3_stmt	*db_prepare(struct db *, const char *, char **);
void		 db_release(struct db *, sqlite3_stmt *);
void		 db_cache_clear(struct db *);
void		 audit_mac_free(struct db *);
int		 db_exec(struct db *, const char *, char **);
/* A key as SQLCipher's raw-key text x'<64 hex>' (wipe it after use). */
#define DB_RAW_KEY_SIZE	(3 + KEY_BYTES * 2 + 1)
void		 db_raw_key(const struct key *, char [DB_RAW_KEY_SIZE]);
int		 db_fail(struct db *, char **, const char *);
int		 db_step_done(struct db *, sqlite3_stmt *, const char *, char **);
char		*db_column_dup(sqlite3_stmt *, int);
int		 db_migrate(struct db *, char **);
int		 db_cipher_apply(sqlite3 *, const char *, enum db_cipher, char **);
int		 db_handle_pragma_is(sqlite3 *, const char *, const char *);
int		 db_cipher_page_size(enum db_cipher);
/*
 * For bench/search, which measures other settings, and for tests, which make an earlier
 * release's files: settings in place of DB_CIPHER_CURRENT's, for what this process opens
 * and makes from then on. A terminal never calls it.
 */
void		 db_cipher_measure(const char *, int);
int		 db_read_schema_version(struct db *, int *, char **);

#endif
