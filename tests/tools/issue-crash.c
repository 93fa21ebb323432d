/*
 * Test tool: issues certificates through the real approval code and can crash in the
 * middle of it, so that a shell test can show that no certificate number is ever used
 * twice (SPEC §6, issue 6).
 *
 *	issue-crash DB KEY submit			a registration applied for by tanaka
 *							without a certificate number; prints
 *							the application id
 *	issue-crash DB KEY approve ID [MOMENT]		suzuki approves it, which takes the
 *							next number; prints that number
 *
 * MOMENT: "before-commit" kills the process with SIGKILL when SQLite is about to commit
 * the approval (the number taken, the registration and its certificate written, nothing
 * committed); "after-commit" kills it right after the commit, before anything else (a
 * print) could happen. Exit 1 with the message when the approval is refused.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "audit/audit-key.h"
#include "config-file.h"
#include "db.h"
#include "keyfile.h"
#include "register/register-merge.h"
#include "register/register.h"

#define KV(k, v)	{ (char *)(k), (char *)(v) }

static const struct actor tanaka = { "tanaka", "clerk", "tty1", 0 };
static const struct actor suzuki = { "suzuki", "supervisor", "tty1", 0 };

/* sqlite3_commit_hook: runs inside the commit, before anything reaches the file. */
static int
crash_now(void *arg)
{
	(void)arg;
	raise(SIGKILL);
	return 1;
}

static int
submit(struct db *db, char **cause)
{
	static const struct reg_value v[] = {
		KV("family_name", "試験"), KV("given_name", "番号"),
		KV("family_kana", "シケン"), KV("given_kana", "バンゴウ"),
		KV("sex", "9"), KV("birth_date", "1985-06-15"),
		KV("address1", "東京都新宿区"), KV("honseki_pref", "13"),
		KV("qualification", "1"), KV("application_date", "2025-04-01"),
		KV("reception_date", "2025-04-02"), KV("issue_date", "2025-05-01"),
		KV("route", "exam"),
	};
	char	 id[37];

	if (application_submit(db, &tanaka, APP_REGISTRATION, NULL, NULL, v,
	    sizeof v / sizeof v[0], id, cause) != 0)
		return -1;
	printf("%s\n", id);
	return 0;
}

static int
approve(struct db *db, const char *id, const char *moment, char **cause)
{
	sqlite3_stmt	*stmt;

	if (moment != NULL && strcmp(moment, "before-commit") == 0)
		sqlite3_commit_hook(db->h, crash_now, NULL);
	else if (moment != NULL && strcmp(moment, "after-commit") != 0) {
		fprintf(stderr, "issue-crash: MOMENT is before-commit or after-commit\n");
		exit(2);
	}
	/* The same person four times: namesakes, as the approval says (issue 25). */
	if (application_approve_different(db, &suzuki, id, "同姓同名の別人（試験）", "ok",
	    cause) != 0)
		return -1;
	if (moment != NULL)
		raise(SIGKILL);
	stmt = db_prepare(db, "SELECT r.certificate_number FROM applications a JOIN "
	    "registrations r ON r.id = a.registration_id WHERE a.id = ?1", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		printf("%s\n", sqlite3_column_text(stmt, 0));
	db_release(db, stmt);
	return 0;
}

int
main(int argc, char **argv)
{
	struct key	*key;
	struct db	*db;
	char		*cause = NULL, *audit_key, *audit_head;
	int		 rc;

	if (argc < 4 || (strcmp(argv[3], "approve") == 0 && argc < 5)) {
		fprintf(stderr, "usage: issue-crash DB KEY submit | approve ID "
		    "[before-commit|after-commit]\n");
		return 2;
	}
	key = key_new();
	audit_key = config_beside_key(NULL, argv[2], "audit.key");
	audit_head = config_beside_key(NULL, argv[2], "audit.head");
	if (key_load(argv[2], key, &cause) != 0 ||
	    (db = db_open(argv[1], key, DB_OPEN_EXISTING, NULL, &cause)) == NULL ||
	    audit_key_open(db, audit_key, audit_head, AUDIT_KEY_MOVE, &cause) != 0) {
		fprintf(stderr, "issue-crash: %s\n", cause);
		return 1;
	}
	key_free(key);
	if (strcmp(argv[3], "submit") == 0)
		rc = submit(db, &cause);
	else if (strcmp(argv[3], "approve") == 0)
		rc = approve(db, argv[4], argc > 5 ? argv[5] : NULL, &cause);
	else {
		fprintf(stderr, "issue-crash: unknown command %s\n", argv[3]);
		return 2;
	}
	if (rc != 0)
		fprintf(stderr, "issue-crash: %s\n", cause);
	db_close(db);
	return rc != 0;
}
