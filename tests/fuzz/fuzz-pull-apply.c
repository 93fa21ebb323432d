/*
 * libFuzzer target for the pull's apply step (db/sync/sync-store.c, sync-rules.c): one
 * change from the office log, as the central store hands it out, applied to a real
 * encrypted terminal database holding one holder and one registration. The input is the
 * change's fields separated by newlines: entity, record id, version, operation, terminal,
 * payload. Whatever arrives, the step must neither crash nor write a value that breaks
 * the rules: every applied change is checked again afterwards.
 *
 *	make fuzz-pull-apply && tests/fuzz/fuzz-pull-apply -max_total_time=600 \
 *	    tests/fuzz/corpus-pull-apply
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db-internal.h"
#include "keyfile.h"
#include "sync/sync-rules.h"
#include "sync/sync-store.h"
#include "xmalloc.h"

#define HOLDER	"01a24401-9226-7000-984f-32ff14036d58"

static struct db	*db;
static struct key	*key;	/* kept for the life of the process, as db is */

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
must(int ok, const char *what, const char *cause)
{
	if (!ok) {
		fprintf(stderr, "fuzz-pull-apply: %s: %s\n", what, cause != NULL ? cause : "");
		abort();
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct sync_options	 opts;
	struct sync_apply	*a;
	struct sync_change	 c;
	char			 dir[] = "/tmp/fuzz-pull-apply.XXXXXX", path[64];
	char			*cause = NULL;

	(void)argc;
	(void)argv;
	must(mkdtemp(dir) != NULL, "mkdtemp", NULL);
	snprintf(path, sizeof path, "%s/t.db", dir);
	key = key_new();
	must(key_generate(key, &cause) == 0, "key", cause);
	db = db_open(path, key, DB_OPEN_CREATE, NULL, &cause);
	must(db != NULL, "open", cause);
	/* No head file: the fuzzer's writes are rolled back and nothing is kept. */
	audit_set_key(db, key->bytes);
	must(db_set_terminal_id(db, "T-FUZZ-01", &cause) == 0, "terminal id", cause);
	/* The database stays open: its file can go now. */
	unlink(path);

	/* A holder from another terminal, for updates to find. */
	memset(&opts, 0, sizeof opts);
	memset(&c, 0, sizeof c);
	c.terminal_id = "T-OTHER";
	c.entity = "holder";
	c.entity_id = HOLDER;
	c.version = 1;
	c.op = "insert";
	c.payload = "{\"id\":\"" HOLDER "\",\"family_name\":\"山田\",\"given_name\":\"花子\","
	    "\"family_kana\":\"ヤマダ\",\"given_kana\":\"ハナコ\",\"sex\":2,\"birth_date\":"
	    "\"1990-04-01\",\"address1\":\"東京都千代田区\",\"has_gaiji\":0,\"erased\":0}";
	must(sync_apply_begin(db, &opts, &a, &cause) == 0, "begin", cause);
	must(sync_apply_change(a, &c, &cause) == 0, "seed", cause);
	must(sync_apply_end(a, 1, 1, NULL, &cause) == 0, "commit", cause);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sync_options	 opts;
	struct sync_apply	*a;
	struct sync_change	 c;
	sqlite3_stmt		*stmt;
	char			*buf, *field[6], *p, *cause = NULL;
	size_t			 n;
	int			 rc, bad;

	buf = xmalloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (n = 0, p = buf; n < 6; n++) {
		field[n] = p;
		if (n < 5 && (p = strchr(p, '\n')) != NULL)
			*p++ = '\0';
		else if (n < 5)
			p = buf + size;
	}
	memset(&c, 0, sizeof c);
	c.entity = field[0];
	c.entity_id = field[1];
	c.version = strtoll(field[2], NULL, 10);
	c.op = field[3];
	c.terminal_id = field[4];
	c.payload = field[5];
	memset(&opts, 0, sizeof opts);
	opts.mynumber_retention_days = 1;

	/*
	 * In a transaction of the fuzzer's own, so that the batch's end (the holders' names
	 * into the index) runs on what was applied and is then rolled back with it.
	 */
	must(db_begin(db, &cause) == 0, "begin", cause);
	sync_apply_within(db, &opts, &a);
	rc = sync_apply_change(a, &c, &cause);
	if (rc != 0) {
		free(cause);
		cause = NULL;
	}
	/* As the pull does: a database failure gives the batch up, else it ends. */
	if (rc == 0)
		must(sync_apply_end(a, 0, 1, NULL, &cause) == 0, "the batch's end", cause);
	else
		(void)sync_apply_end(a, 0, 0, NULL, NULL);
	/* Whatever was written must pass the rules it was checked by. */
	stmt = db_prepare(db, "SELECT json_object('id', id, 'family_name', family_name, "
	    "'family_kana', family_kana, 'birth_date', birth_date, 'address1', address1, "
	    "'has_gaiji', has_gaiji, 'erased', erased) FROM holders", &cause);
	must(stmt != NULL, "read back", cause);
	bad = 0;
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		if (sync_payload_check("holder", (const char *)sqlite3_column_text(stmt, 0),
		    NULL, &cause) != 0) {
			fprintf(stderr, "fuzz-pull-apply: written but invalid: %s\n", cause);
			bad = 1;
		}
	}
	db_release(db, stmt);
	must(!bad, "a value that breaks the rules was written", NULL);
	/* Rolled back: every input meets the same database. */
	db_rollback(db);
	free(cause);
	free(buf);
	return 0;
}
