/*
 * What a synced change may carry (SPEC §10: "every value is validated where it enters"):
 * for each entity, every payload member with its rule. Register items are checked with the
 * forms' own rules (register-items.h: one table); the other members by their form (ids,
 * times, user names, flags, code lists, free text without control or direction
 * characters). The pulling terminal checks every change against these rules before it
 * writes anything, and the central store's rules are generated from the same table
 * (sync-rules-sql), so both sides refuse the same values.
 */
#ifndef SYNC_RULES_H
#define SYNC_RULES_H

#include <stdio.h>

#include "json-read.h"
#include "register/register-items.h"

struct db;

enum sync_rule_kind {
	SYNC_RULE_ITEM,		/* a register item: reg_check passes and leaves it as it is */
	SYNC_RULE_UUID,		/* 36 characters: lower-case hex digits and four hyphens */
	SYNC_RULE_FLAG,		/* 0 or 1 */
	SYNC_RULE_COUNT,	/* a whole number from 0 to 1,000,000 */
	SYNC_RULE_TIME,		/* a terminal's time: 2026-04-01T09:30:00.000Z */
	SYNC_RULE_USER,		/* a user name: 1-32 of a-z 0-9 _ . - */
	SYNC_RULE_WORD,		/* a code word: 0-32 of a-z 0-9 _ - */
	SYNC_RULE_TEXT,		/* free text up to max_chars, no control or direction characters */
	SYNC_RULE_CODE,		/* one of a list of codes */
	SYNC_RULE_ITEMS,	/* an object whose members are register items (their rules) */
};

#define SYNC_RULE_NULL		0x1	/* may be null */
#define SYNC_RULE_MULTILINE	0x2	/* SYNC_RULE_TEXT: may hold line feeds */

struct sync_rule {
	const char		*entity;
	const char		*member;
	enum sync_rule_kind	 kind;
	const struct reg_item	*items;		/* SYNC_RULE_ITEM: the table of member */
	const char *const	*codes;		/* SYNC_RULE_CODE: NULL-terminated */
	int			 max_chars;	/* SYNC_RULE_TEXT */
	int			 flags;
};

/* Every rule, entity by entity; ends with a rule whose entity is NULL. */
extern const struct sync_rule sync_rules[];

/*
 * The rules of the members of an object of register items (SYNC_RULE_ITEMS: an
 * application's values, an event's earlier values), whose entity is "": the record version
 * the values were entered against, and (a "*" rule whose items are NULL) every register
 * item of any table. Ends like sync_rules.
 */
extern const struct sync_rule sync_item_rules[];

/*
 * The rule of member: of entity's rules, or (entity NULL) of sync_item_rules. The
 * member's own rule, else a "*" rule whose table (any table if NULL) has the member as an
 * item; NULL for a member no rule knows. The central store's rules are these answers
 * (sync-rules-sql.c).
 */
const struct sync_rule *sync_rule_find(const char *, const char *);

/* Whether changes of entity are checked member by member (an entity sync knows). */
int	 sync_rules_know(const char *);

/*
 * Checks a change's payload (a JSON object) against the rules of its entity. Returns 0 when
 * every member is known and valid; 1 with *cause naming the member and what is wrong
 * (escaped, so that no control character reaches a screen), or that it is not a JSON
 * object. With members not NULL, a passed payload's member names in their order ("a,b,c",
 * to free), which tell changes of the same shape apart.
 */
int	 sync_payload_check(const char *, const char *, char **, char **);

/*
 * The values of a checked payload's members, in their order (read.members[0 .. n - 1]):
 * text, number or null, an object or array as its JSON text (json-read.h). What a pulled
 * change writes, bound as they are instead of read out of the payload again.
 */
struct sync_values {
	size_t			 n;	/* 0 unless every member passed */
	struct json_object	 read;
};

/* sync_payload_check, and with values not NULL, its members' values (emptied first). */
int	 sync_payload_values(const char *, const char *, char **, struct sync_values *,
	    char **);
void	 sync_values_free(struct sync_values *);

/*
 * Checks every row of this terminal's outbox, one line per failing row to report: the
 * rules must take everything the terminal itself writes. Returns how many failed, or -1.
 */
int	 sync_rules_check_outbox(struct db *, FILE *, char **);

#endif
