/*
 * sync-rules-sql: prints db/central/03-rules.sql, the central store's copy of the rules
 * every synced value must meet (SPEC §10: "the central store checks each change's payload
 * against the entity's rules"), made from the terminal's own tables: sync_rules[] and
 * sync_item_rules[] (sync-rules.c), the register items and their code lists
 * (register-items.c). Each member is printed with the rule sync_rule_find() gives it, the
 * lookup the terminal's check uses, so the two sides cannot read the tables differently.
 *
 * What each kind means in SQL is in db/central/02-functions.sql (madoguchi.member_ok);
 * tests/cli/test-central-rules.sh fails when the committed file differs from this
 * program's output ("make update-central-rules" writes it).
 *
 * usage: sync-rules-sql > 03-rules.sql
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "register/register-items.h"
#include "sync/sync-rules.h"

/* The entity the SQL rows of sync_item_rules[] are filed under. */
#define ITEMS_ENTITY	"*"

static const char	*item_kind(const struct reg_item *);
static void		 print_codes(const struct reg_code *, const char *const *);
static void		 print_row(const char *, const char *, const struct sync_rule *, int *);
static void		 print_entity(const char *, const struct sync_rule *, int *);

/* The SQL kind of a register item (madoguchi.member_ok). */
static const char *
item_kind(const struct reg_item *item)
{
	switch (item->kind) {
	case REG_TEXT:
	case REG_REMARKS:
		return "text";
	case REG_KANA:
		return "kana";
	case REG_DATE:
		return "date";
	case REG_SEX:
		return "sex";
	case REG_PREFECTURE:
		return "prefecture";
	case REG_POSTAL:
		return "postal";
	case REG_MUNICIPALITY:
		return "municipality";
	case REG_PHONE:
		return "phone";
	case REG_MYNUMBER:
		return "mynumber";
	case REG_CODE:
		return "code";
	case REG_AMOUNT:
		return "amount";
	case REG_FLAG:		/* as typed, a string: "0" or "1" (print_row) */
		return "choice";
	case REG_QUALIFICATION:
	case REG_ROUTE:
	case REG_STATUS:
	case REG_REASON_CODE:
	case REG_REISSUE_REASON:
	case REG_CORRECTION_REASON:
	case REG_FEE_KIND:
		return "choice";
	}
	fprintf(stderr, "sync-rules-sql: item %s has a kind this program does not know\n",
	    item->key);
	exit(1);
}

/* ARRAY['a', 'b'] of either list (codes are plain words: nothing to escape). */
static void
print_codes(const struct reg_code *codes, const char *const *list)
{
	const char	*c;
	int		 n = 0;

	printf("ARRAY[");
	for (;;) {
		c = codes != NULL ? codes[n].code : list[n];
		if (c == NULL)
			break;
		if (strspn(c, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(c)) {
			fprintf(stderr, "sync-rules-sql: code \"%s\" is not a plain word\n", c);
			exit(1);
		}
		printf("%s'%s'", n > 0 ? ", " : "", c);
		n++;
	}
	printf("]");
}

/* One row of madoguchi.item_rules; *first is cleared after the first row. */
static void
print_row(const char *entity, const char *member, const struct sync_rule *r, int *first)
{
	const struct reg_item	*item = NULL;
	const char		*kind = NULL;
	int			 max_chars = 0, multiline = 0;

	if (strspn(member, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(member)) {
		fprintf(stderr, "sync-rules-sql: member \"%s\" is not a plain name\n", member);
		exit(1);
	}
	switch (r->kind) {
	case SYNC_RULE_ITEM:
		if ((item = reg_item_find(r->items, member)) == NULL) {
			fprintf(stderr, "sync-rules-sql: %s.%s: no such register item\n",
			    entity, member);
			exit(1);
		}
		kind = item_kind(item);
		max_chars = item->max_chars;
		multiline = item->kind == REG_REMARKS;
		break;
	case SYNC_RULE_UUID:
		kind = "uuid";
		break;
	case SYNC_RULE_FLAG:
		kind = "flag";
		break;
	case SYNC_RULE_COUNT:
		kind = "count";
		break;
	case SYNC_RULE_TIME:
		kind = "time";
		break;
	case SYNC_RULE_USER:
		kind = "user";
		break;
	case SYNC_RULE_WORD:
		kind = "word";
		break;
	case SYNC_RULE_TEXT:
		kind = "free";
		max_chars = r->max_chars;
		multiline = (r->flags & SYNC_RULE_MULTILINE) != 0;
		break;
	case SYNC_RULE_CODE:
		kind = "oneof";
		break;
	case SYNC_RULE_ITEMS:
		kind = "items";
		break;
	}
	printf("%s\t('%s', '%s', '%s', %s, %d, %s, %s, ", *first ? "" : ",\n", entity,
	    member, kind, item != NULL ? "true" : "false", max_chars,
	    multiline ? "true" : "false", (r->flags & SYNC_RULE_NULL) ? "true" : "false");
	if (item != NULL && item->kind == REG_FLAG)
		print_codes(NULL, (const char *const []){ "0", "1", NULL });
	else if (item != NULL && reg_kind_codes(item->kind) != NULL)
		print_codes(reg_kind_codes(item->kind), NULL);
	else if (r->kind == SYNC_RULE_CODE)
		print_codes(NULL, r->codes);
	else
		printf("NULL");
	printf(")");
	*first = 0;
}

/*
 * The members of entity's rules in their order, a "*" rule standing for the items of its
 * table (of every table if NULL) that have no rule of their own. entity is "" for
 * sync_item_rules[].
 */
static void
print_entity(const char *entity, const struct sync_rule *rules, int *first)
{
	const struct reg_item	*const *t, *const *tables, *it;
	const struct reg_item	*one[2] = { NULL, NULL };
	const struct sync_rule	*r;
	const char		*look = *entity == '\0' ? NULL : entity;
	const char		*sql = *entity == '\0' ? ITEMS_ENTITY : entity;

	printf("%s\t-- %s\n", *first ? "" : ",\n", *entity == '\0' ? "an object of register "
	    "items (an application's values, an event's earlier values)" : entity);
	*first = 1;
	for (r = rules; r->entity != NULL; r++) {
		if (strcmp(r->entity, entity) != 0)
			continue;
		if (strcmp(r->member, "*") != 0) {
			/* A member named twice is printed with the rule the lookup finds. */
			if (sync_rule_find(look, r->member) == r)
				print_row(sql, r->member, r, first);
			continue;
		}
		if (r->items != NULL) {
			one[0] = r->items;
			tables = one;
		} else
			tables = reg_tables;
		for (t = tables; *t != NULL; t++) {
			for (it = *t; it->key != NULL; it++) {
				/* An item in two tables is the first table's. */
				if (r->items == NULL && reg_item_find(NULL, it->key) != it)
					continue;
				if (sync_rule_find(look, it->key) == r)
					print_row(sql, it->key, r, first);
			}
		}
	}
}

int
main(int argc, char **argv)
{
	const struct sync_rule	*r, *s;
	int			 first = 1;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: sync-rules-sql > 03-rules.sql\n");
		return 2;
	}
	printf("%s",
"-- madoguchi central store (SPEC §10): what each member of a synced change may hold.\n"
"--\n"
"-- GENERATED by db/sync/sync-rules-sql from the terminal's own rules (db/sync/sync-rules.c,\n"
"-- db/register/register-items.c): do not edit. After changing those, run\n"
"-- \"make update-central-rules\" in the build directory and commit this file;\n"
"-- tests/cli/test-central-rules.sh fails while the two differ.\n"
"--\n"
"-- One row per member of each entity that sync checks; entity '" ITEMS_ENTITY "' holds the members of\n"
"-- an object of register items (kind 'items'). madoguchi.push() refuses a batch with a\n"
"-- change of one of these entities whose payload has a member with no row here, or a\n"
"-- value its row refuses (madoguchi.member_ok, 02-functions.sql). Changes of other\n"
"-- entities keep their shape checks only. madoguchi-central-setup loads this file after\n"
"-- 02-functions.sql; loading it again replaces every rule.\n"
"\n"
"SET client_min_messages = warning;\n"
"BEGIN;\n"
"DELETE FROM madoguchi.item_rules;\n"
"INSERT INTO madoguchi.item_rules (entity, member, kind, item, max_chars, multiline,\n"
"    nullable, codes) VALUES\n");
	for (r = sync_rules; r->entity != NULL; r++) {
		/* Each entity once, where it first appears. */
		for (s = sync_rules; s != r && strcmp(s->entity, r->entity) != 0; s++)
			;
		if (s == r)
			print_entity(r->entity, sync_rules, &first);
	}
	print_entity("", sync_item_rules, &first);
	printf(";\nCOMMIT;\n-- What push()'s check is planned with.\nANALYZE madoguchi.item_rules;\n");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("sync-rules-sql");
		return 1;
	}
	return 0;
}
