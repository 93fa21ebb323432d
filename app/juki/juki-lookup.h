/*
 * Juki-net lookups end to end (SPEC §5), between the screens or madoguchi-admin and the
 * spool: check the key and the purpose, record the query, write the request file, and
 * bring result files in. No curses and no SQL here: db/juki/juki-store.c keeps the records,
 * app/juki-*.c the file format.
 */
#ifndef JUKI_LOOKUP_H
#define JUKI_LOOKUP_H

#include <stddef.h>

#include "juki/juki-store.h"

struct actor;
struct config;
struct db;

struct juki_lookup_key {
	enum juki_key_kind	 kind;
	const char		*mynumber;	/* JUKI_KEY_MYNUMBER: 12 digits */
	const char		*jumin;		/* JUKI_KEY_JUMIN: 11 digits */
	const char		*name;		/* JUKI_KEY_FOUR: kanji name, or */
	const char		*kana;		/*   katakana name (one of the two) */
	const char		*birth_date;	/*   any form valid_date takes */
	const char		*sex;		/*   1 male, 2 female */
	const char		*address;	/*   as registered with the municipality */
};

struct juki_lookup_req {
	const char		*holder_id;	/* NULL: not a holder (yet) */
	struct juki_lookup_key	 key;
	unsigned		 jimu;
	const char		*purpose_ref;
};

/* Which key field was wrong, so that a screen can put the message under it. */
enum juki_lookup_field {
	JUKI_FIELD_NONE,
	JUKI_FIELD_MYNUMBER,
	JUKI_FIELD_JUMIN,
	JUKI_FIELD_NAME,
	JUKI_FIELD_KANA,
	JUKI_FIELD_BIRTH,
	JUKI_FIELD_SEX,
	JUKI_FIELD_ADDRESS,
	JUKI_FIELD_PURPOSE,
};

/*
 * Send one 即時方式 query: the request file is in the outbound spool exactly when the
 * query is recorded. id gets the query's id. On a bad key, *field names it.
 */
int	 juki_lookup_send(struct db *, const struct config *, const struct actor *,
	    const struct juki_lookup_req *, char [37], enum juki_lookup_field *, char **);

/*
 * Bring in every result file waiting in the inbound spool. A file that does not parse or
 * does not answer this terminal's pending queries is quarantined and audited. What is no
 * result file at all (a directory or a link under a result file's name, a name of another
 * form) is left where it is and audited once ("juki.spool.ignore"), the first time it is
 * seen on this terminal. *rejected counts both (a stray only when first seen) and *cause
 * (if not NULL on return) says why each was refused, one line each, names escaped.
 * Returns -1 only when the spool or the database cannot be used at all.
 */
int	 juki_lookup_import(struct db *, const struct config *, const struct actor *,
	    size_t *, size_t *, char **);
const char *juki_import_last(const char *);

/*
 * One batch of a running periodic check: take the next holders, record their queries and
 * write one 一括方式 request file, all or nothing. *sent is 0 when every holder has been
 * sent (the job is done once the last answers are in).
 */
int	 juki_check_send_batch(struct db *, const struct config *, const struct actor *,
	    const char *, size_t *, char **);

#endif
