/*
 * libFuzzer target for the payload reader (lib/json-read.c), against SQLite's json_valid
 * and json_each on the same text, as tests/unit/test-json-read.c compares them on a fixed
 * set: a text both take must give the same members (a real number by its type only), and
 * the reader may refuse only what json-read.h says it refuses beyond json_valid. Any
 * other difference, and any memory error, stops the fuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "json-read.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static sqlite3			*mem;
static struct json_object	 reader;

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

static void
differ(const char *json, const char *what)
{
	fprintf(stderr, "json-read and SQLite differ (%s) on: %s\n", what, json);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sqlite3_stmt	*stmt;
	char		*json;
	const char	*key, *type, *value, *atom_type;
	size_t		 i = 0;
	int		 valid, got;

	if (mem == NULL && sqlite3_open(":memory:", &mem) != SQLITE_OK)
		abort();
	if ((json = malloc(size + 1)) == NULL)
		abort();
	memcpy(json, data, size);
	json[size] = '\0';
	if (strlen(json) != size) {	/* a payload is text: no NUL inside */
		free(json);
		return 0;
	}
	if (sqlite3_prepare_v2(mem, "SELECT json_valid(?1) AND json_type(?1) = 'object'", -1,
	    &stmt, NULL) != SQLITE_OK)
		abort();
	sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC);
	valid = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 1;
	sqlite3_finalize(stmt);
	got = json_object_read(&reader, json) == 0;
	if (got && !valid)
		differ(json, "only the reader takes it");
	if (!got && valid && !reader_stricter(json))
		differ(json, "only SQLite takes it");
	if (got && valid) {
		if (sqlite3_prepare_v2(mem, "SELECT key, type, CASE WHEN type IN ('object', "
		    "'array') THEN value ELSE atom END, typeof(atom) FROM json_each(?1)", -1,
		    &stmt, NULL) != SQLITE_OK)
			abort();
		sqlite3_bind_text(stmt, 1, json, -1, SQLITE_STATIC);
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			key = (const char *)sqlite3_column_text(stmt, 0);
			type = (const char *)sqlite3_column_text(stmt, 1);
			value = (const char *)sqlite3_column_text(stmt, 2);
			atom_type = (const char *)sqlite3_column_text(stmt, 3);
			if (strcmp(atom_type, "real") == 0)
				type = "real";	/* an integer beyond 64 bits, too */
			if (i >= reader.n)
				differ(json, "SQLite has more members");
			if (strcmp(key, reader.members[i].key) != 0)
				differ(json, "a key");
			if (strcmp(type, json_type_name(reader.members[i].type)) != 0)
				differ(json, "a type");
			if (strcmp(type, "real") != 0 && strcmp(value != NULL ? value : "",
			    reader.members[i].text) != 0)
				differ(json, "a value");
			i++;
		}
		sqlite3_finalize(stmt);
		if (i != reader.n)
			differ(json, "the reader has more members");
	}
	free(json);
	return 0;
}
