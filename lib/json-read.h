/*
 * The members of a JSON object, read in one pass. A pulled change's payload is checked
 * member by member before it is written (sync-rules.c); reading the members through
 * SQLite's json_each, and json_valid before it, was a third of a pull's processor time.
 * What it takes is what json_valid takes (RFC 8259 text), with the members json_each
 * lists for it, but stricter in three places: a string holding U+0000 (which SQL text
 * would cut short) or half of a surrogate pair (no character), and nesting deeper than
 * JSON_READ_DEPTH, are refused.
 */
#ifndef JSON_READ_H
#define JSON_READ_H

#include <stddef.h>
#include <stdint.h>

#define JSON_READ_DEPTH	32

/* json_each's types. */
enum json_type {
	JSON_NULL, JSON_TRUE, JSON_FALSE, JSON_INTEGER, JSON_REAL, JSON_TEXT, JSON_ARRAY,
	JSON_OBJECT
};

/*
 * One member. text is what json_each's atom gives as text: a string's characters, an
 * integer's decimal form, a real number as written, "1" and "0" for true and false, ""
 * for null; for an object or an array, its JSON without the spaces between tokens (as
 * json_each's value). text is NUL-terminated; len is its length.
 */
struct json_member {
	const char	*key;
	enum json_type	 type;
	const char	*text;
	size_t		 len;
	int64_t		 integer;	/* JSON_INTEGER, and 1 and 0 for true and false */
};

/* What was read; reused from read to read, so that a pull allocates once. */
struct json_object {
	struct json_member	*members;
	size_t			 n, size;
	char			*buf;
	size_t			 buf_size;
};

/*
 * Reads json, which must be one object and nothing else but spaces: 0 and o's members in
 * their order, or -1 (none). The members point into o until the next read or its free.
 */
int		 json_object_read(struct json_object *, const char *);
void		 json_object_free(struct json_object *);
/* json_each's name of a type: "null", "true", "false", "integer", "real", "text" ... */
const char	*json_type_name(enum json_type);

#endif
