/* The payload reader against SQLite (json-compare.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-compare.h"
#include "xmalloc.h"

/* Whether p (a backslash) starts \u0000 or a surrogate's escape, or what looks like one. */
static int
escape_refused(const char *p)
{
	char		 hex[5];
	unsigned long	 v;

	if (p[1] != 'u' || strspn(p + 2, "0123456789abcdefABCDEF") < 4)
		return 0;
	memcpy(hex, p + 2, 4);
	hex[4] = '\0';
	v = strtoul(hex, NULL, 16);
	return v == 0 || (v >= 0xd800 && v <= 0xdfff);
}

/* What the reader refuses and json_valid takes: U+0000, half a pair, deep nesting. */
static int
reader_stricter(const char *json)
{
	const char	*p;
	int		 depth = 0, max = 0;

	for (p = json; *p != '\0'; p++) {
		if (*p == '\\' && escape_refused(p))
			return 1;
		depth += *p == '{' || *p == '[';
		depth -= *p == '}' || *p == ']';
		if (depth > max)
			max = depth;
	}
	return max > JSON_READ_DEPTH;
}

/* json_valid's answer, and whether json is an object. */
static int
sqlite_takes(sqlite3 *h, const char *json)
{
	sqlite3_stmt	*stmt;
	int		 valid;

	if (sqlite3_prepare_v2(h, "SELECT json_valid(?1) AND json_type(?1) = 'object'", -1,
	    &stmt, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC);
	valid = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 1;
	sqlite3_finalize(stmt);
	return valid;
}

/* json_each's members against the reader's, in order: NULL when the same, else how. */
static char *
members_differ(sqlite3 *h, const struct json_object *o, const char *json)
{
	const struct json_member *m;
	sqlite3_stmt	*stmt;
	const char	*key, *type, *value;
	char		*why = NULL;
	size_t		 i = 0;

	if (sqlite3_prepare_v2(h, "SELECT key, type, CASE WHEN type IN ('object', 'array') "
	    "THEN value ELSE atom END, typeof(atom) FROM json_each(?1)", -1, &stmt,
	    NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC);
	while (why == NULL && sqlite3_step(stmt) == SQLITE_ROW) {
		key = (const char *)sqlite3_column_text(stmt, 0);
		type = (const char *)sqlite3_column_text(stmt, 1);
		value = (const char *)sqlite3_column_text(stmt, 2);
		if (strcmp((const char *)sqlite3_column_text(stmt, 3), "real") == 0)
			type = "real";
		if (value == NULL)
			value = "";
		if (i >= o->n) {
			xasprintf(&why, "SQLite has more members, from %s", key);
			break;
		}
		m = &o->members[i++];
		if (strcmp(key, m->key) != 0 || strcmp(type, json_type_name(m->type)) != 0 ||
		    (strcmp(type, "real") != 0 && strcmp(value, m->text) != 0) ||
		    strlen(m->text) != m->len)
			xasprintf(&why, "member %zu: SQLite %s %s \"%s\", the reader %s %s "
			    "\"%s\" (%zu bytes)", i, key, type, value, m->key,
			    json_type_name(m->type), m->text, m->len);
	}
	sqlite3_finalize(stmt);
	if (why == NULL && i != o->n)
		xasprintf(&why, "the reader has more members, from %s", o->members[i].key);
	return why;
}

int
json_compare(sqlite3 *h, struct json_object *o, const char *json, char **why)
{
	char	*how;
	int	 valid = sqlite_takes(h, json), got = json_object_read(o, json) == 0;

	*why = NULL;
	if (!got && valid && reader_stricter(json))
		return 0;
	if (got != valid) {
		xasprintf(why, "%s: only %s takes it", json, got ? "the reader" : "SQLite");
		return -1;
	}
	if (got && (how = members_differ(h, o, json)) != NULL) {
		xasprintf(why, "%s: %s", json, how);
		free(how);
		return -1;
	}
	return 1;
}
