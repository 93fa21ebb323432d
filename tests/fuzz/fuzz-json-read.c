/*
 * libFuzzer target for the payload reader (lib/json-read.c), against SQLite's json_valid
 * and json_each on the same text (tests/unit/json-compare.c, which the unit test uses on a
 * fixed set): a text both take must give the same members, and the reader may refuse only
 * what json-read.h says it refuses beyond json_valid. Any other difference, and any
 * memory error, stops the fuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "json-compare.h"
#include "json-read.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static sqlite3			*mem;
static struct json_object	 reader;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*json, *why;

	if (mem == NULL && sqlite3_open(":memory:", &mem) != SQLITE_OK)
		abort();
	if ((json = malloc(size + 1)) == NULL)
		abort();
	memcpy(json, data, size);
	json[size] = '\0';
	/* A payload is text: no NUL inside. */
	if (strlen(json) == size && json_compare(mem, &reader, json, &why) < 0) {
		fprintf(stderr, "json-read and SQLite differ: %s\n", why);
		abort();
	}
	free(json);
	return 0;
}
