/* Shared by the register's files in db/ only. */
#ifndef REGISTER_INTERNAL_H
#define REGISTER_INTERNAL_H

#include <stdint.h>

#include <sqlite3.h>

#include "register/register-items.h"
#include "register/register.h"

struct db;

/* "json_object('k', k, ...)" over the columns named by the keys of an item table. */
char	*reg_json_object_sql(const struct reg_item *);
/* A JSON object's members as (key, value) pairs, in order; keys starting '_' are skipped. */
int	 reg_json_values(struct db *, const char *, struct reg_value **, size_t *, char **);
/* The holder's items as JSON, its version and erased flag; -1 and a message if absent. */
int	 reg_holder_json(struct db *, const char *, char **, int64_t *, int *, char **);
/*
 * What the name index holds for a holder row: the names joined and apart, so that a partial
 * search may cross the boundary between family and given name, and former and alias names
 * for people known by them. An SQL expression over the holders table's columns.
 */
#define REG_NAMES_SQL \
	"family_name || ' ' || given_name || ' ' || family_name || given_name || ' ' || " \
	"family_kana || ' ' || given_kana || ' ' || family_kana || given_kana || " \
	"CASE WHEN former_family_name || former_family_kana || alias_family_name || " \
	"alias_given_name = '' THEN '' ELSE ' ' || former_family_name || ' ' || " \
	"former_family_kana || ' ' || alias_family_name || ' ' || alias_given_name || ' ' " \
	"|| alias_family_name || alias_given_name END"

/*
 * The name index merged into one segment (FTS5's optimize), after a bulk load made it of
 * many: a search looks a trigram up in each segment, and the segments a bulk leaves were
 * a third of the pages a name search read at 1,000,000 holders (bench/search).
 */
#define REG_NAMES_OPTIMIZE_SQL \
	"INSERT INTO holder_names (holder_names) VALUES ('optimize')"

/* (Re)index the holder's names for search; call after the holder row changed. */
int	 reg_index_names(struct db *, const char *, int, char **);
/* Whether user holds an active account with the supervisor role. */
int	 reg_is_supervisor(struct db *, const char *);
/*
 * One row of a table as JSON into the outbox (insert or update), as its view makes it
 * (holder_payloads and the others, migration 36): the one definition of what a row of the
 * register carries to the central store, for changes made here one by one and for those a
 * bulk import queues without a payload (register-bulk.c).
 */
/*
 * The holder's row; a change an approved application made carries that application and
 * its approver (_application, _approved_by), so that every terminal can check the trail
 * of an identity item changed elsewhere (sync-rules.h). NULL for an import.
 */
int	 reg_outbox_holder(struct db *, const char *, int, const struct application *,
	    const char *, char **);
int	 reg_outbox_registration(struct db *, const char *, int, char **);
int	 reg_outbox_event(struct db *, const char *, char **);
/* applications.c: the record's version an application was made against, -1 if none. */
int	 reg_application_base(struct db *, const char *, int64_t *, char **);
/*
 * register-events.c: one history row (holder, registration or NULL, kind, date, until or
 * NULL, reason code, reason text, before_json or NULL, created_by, approved_by or NULL)
 * and its outbox row.
 */
int	 reg_event_insert(struct db *, const char *, const char *, const char *, const char *,
	    const char *, const char *, const char *, const char *, const char *, const char *,
	    char **);
int	 reg_outbox_mynumber(struct db *, const char *, char **);

/*
 * holders.c: a holder's fields, family_name to has_gaiji (14 values), bound from
 * parameter first on, for holder_import and the bulk import alike.
 */
struct holder_record;
void	 holder_bind_fields(sqlite3_stmt *, int, const struct holder_record *);

#endif
