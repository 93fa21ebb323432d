/*
 * The payload reader (lib/json-read.c) against SQLite's json_valid and json_each on the
 * same text: shared by tests/unit/test-json-read.c and tests/fuzz/fuzz-json-read.c.
 */
#ifndef JSON_COMPARE_H
#define JSON_COMPARE_H

#include <sqlite3.h>

#include "json-read.h"

/*
 * 1 when both refuse json, or both take it with the same members (a real number compared
 * by its type only: its text is SQLite's own rendering; an integer beyond 64 bits is one,
 * which json_each calls an integer but gives as a real); 0 when only the reader refuses
 * it, for a reason json-read.h names; -1 otherwise, with *why (to free) saying how.
 */
int	 json_compare(sqlite3 *, struct json_object *, const char *, char **);

#endif
