/*
 * Holders: import of whole records. One holder, its name index entry, its My Number (in
 * its own table), one registration and its issue event, and their outbox rows, in one
 * transaction (the caller's, when it batches).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "register/holders.h"
#include "i18n.h"
#include "register/register-internal.h"
#include "synth.h"
#include "uuid.h"
#include "xmalloc.h"

/*
 * The holder's fields, family_name to has_gaiji (14 values), bound from parameter first
 * on: holder_import's and the bulk's statements name them in that order.
 */
void
holder_bind_fields(sqlite3_stmt *s, int first, const struct holder_record *h)
{
	const char *const	 text[] = { h->family_name, h->given_name, h->family_kana,
	    h->given_kana };
	const char *const	 place[] = { h->honseki_pref, h->postal_code, h->address1,
	    h->address2, h->address3, h->municipality_code, h->phone };
	int			 i;

	for (i = 0; i < 4; i++)
		sqlite3_bind_text(s, first + i, text[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, first + 4, h->sex);
	sqlite3_bind_text(s, first + 5, h->birth_date, -1, SQLITE_STATIC);
	/* What is not known is stored as "", as the register's forms store it. */
	for (i = 0; i < 7; i++)
		sqlite3_bind_text(s, first + 6 + i, place[i] != NULL ? place[i] : "", -1,
		    SQLITE_STATIC);
	sqlite3_bind_int(s, first + 13, h->has_gaiji ? 1 : 0);
}

int
holder_import(struct db *db, const struct actor *who, struct holder_record *h, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 reg_id[UUID_STRLEN + 1], event_id[UUID_STRLEN + 1];
	int		 own_tx, rc = -1;

	if (uuid_generate(h->id) != 0 || uuid_generate(reg_id) != 0 ||
	    uuid_generate(event_id) != 0) {
		xasprintf(cause, _("cannot generate an id"));
		return -1;
	}
	own_tx = sqlite3_get_autocommit(db->h);
	if (own_tx && db_begin(db, cause) != 0)
		return -1;

	stmt = db_prepare(db, "INSERT INTO holders (id, family_name, given_name, family_kana, "
	    "given_kana, sex, birth_date, honseki_pref, postal_code, address1, address2, "
	    "address3, municipality_code, phone, has_gaiji, created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, " NOW ", " NOW
	    ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
	holder_bind_fields(stmt, 2, h);
	if (db_step_done(db, stmt, _("cannot store the holder"), cause) != 0)
		goto out;

	if (reg_index_names(db, h->id, 0, cause) != 0)
		goto out;

	if (h->mynumber != NULL) {
		stmt = db_prepare(db, "INSERT INTO mynumbers (holder_id, mynumber, source, "
		    "recorded_at) VALUES (?1, ?2, 'import', " NOW ")", cause);
		if (stmt == NULL)
			goto out;
		sqlite3_bind_text(stmt, 1, h->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, h->mynumber, -1, SQLITE_STATIC);
		if (db_step_done(db, stmt, _("cannot store the My Number"), cause) != 0)
			goto out;
	}

	stmt = db_prepare(db, "INSERT INTO registrations (id, holder_id, qualification, "
	    "certificate_number, issue_date, route, created_at, updated_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, " NOW ", " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, reg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, h->qualification, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->certificate_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, h->issue_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, h->route, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the registration"), cause) != 0)
		goto out;

	stmt = db_prepare(db, "INSERT INTO events (id, registration_id, holder_id, kind, "
	    "event_date, reason_code, reason_text, created_by, created_at) VALUES (?1, ?2, ?3, "
	    "'issue', ?4, 'import', '', ?5, " NOW ")", cause);
	if (stmt == NULL)
		goto out;
	sqlite3_bind_text(stmt, 1, event_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, reg_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, h->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->issue_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, who->user, -1, SQLITE_STATIC);
	if (db_step_done(db, stmt, _("cannot store the issue event"), cause) != 0)
		goto out;

	if (reg_outbox_holder(db, h->id, 0, NULL, NULL, cause) != 0 ||
	    reg_outbox_registration(db, reg_id, 0, cause) != 0 ||
	    reg_outbox_event(db, event_id, cause) != 0 ||
	    (h->mynumber != NULL && reg_outbox_mynumber(db, h->id, cause) != 0))
		goto out;
	rc = 0;
out:
	if (own_tx)
		rc = db_finish(db, rc, cause);
	return rc;
}

int64_t
holder_count(struct db *db)
{
	sqlite3_stmt	*stmt;
	int64_t		 n = -1;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM holders", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	db_release(db, stmt);
	return n;
}

void
holder_record_from_synth(struct holder_record *h, const struct synth_person *p,
    const char *birth)
{
	memset(h, 0, sizeof *h);
	h->family_name = p->family;
	h->given_name = p->given;
	h->family_kana = p->family_kana;
	h->given_kana = p->given_kana;
	h->sex = p->sex;
	h->birth_date = birth;
	h->address1 = p->address1;
	h->address2 = p->address2;
	h->address3 = p->address3;
	h->municipality_code = p->municipality;
	h->has_gaiji = p->has_gaiji;
	h->mynumber = p->mynumber;
}
