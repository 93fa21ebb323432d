/*
 * bench/audit_verify: builds an encrypted database with N chained audit entries
 * (default 1,000,000) and times `audit_verify` over it. Target (SPEC §13): < 3 s.
 *
 *	bench/audit_verify [N] [DIR]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit-key.h"
#include "audit/audit.h"
#include "bench-util.h"
#include "db.h"
#include "keyfile.h"
#include "xmalloc.h"

int
main(int argc, char **argv)
{
	struct audit_event	 ev;
	struct audit_check	 check;
	struct key		*key;
	struct db		*db;
	char			*path, *side, *cause = NULL, target[64], *akey, *ahead;
	const char		*dir;
	long			 n, i;
	double			 t0, t1;

	n = argc > 1 ? atol(argv[1]) : 1000000;
	dir = argc > 2 ? argv[2] : "/tmp";
	xasprintf(&path, "%s/madoguchi-bench-audit-%ld.db", dir, (long)getpid());

	key = key_new();
	if (key_generate(key, &cause) != 0)
		bench_die("key", cause);
	/* The audit key and head files beside the database, as on a terminal. */
	xasprintf(&akey, "%s.audit-key", path);
	xasprintf(&ahead, "%s.audit-head", path);
	if ((db = db_open(path, key, DB_OPEN_CREATE, NULL, &cause)) == NULL ||
	    audit_key_open(db, akey, ahead, AUDIT_KEY_MOVE, &cause) != 0)
		bench_die("create", cause);
	if (db_set_terminal_id(db, "bench-01", &cause) != 0)
		bench_die("terminal id", cause);

	memset(&ev, 0, sizeof ev);
	ev.tty = "tty1";
	ev.user = "clerk01";
	ev.role = "clerk";
	ev.action = "holder.view";
	ev.result = "ok";
	ev.target = target;
	t0 = bench_now();
	if (db_begin(db, &cause) != 0)
		bench_die("begin", cause);
	for (i = 0; i < n; i++) {
		snprintf(target, sizeof target, "holder:%08lx-0000-4000-8000-000000000000", i);
		if (audit_append(db, &ev, &cause) != 0)
			bench_die("append", cause);
	}
	if (db_commit(db, &cause) != 0)
		bench_die("commit", cause);
	t1 = bench_now();
	printf("append:  %ld entries in %.2f s (%.0f entries/s)\n", n, t1 - t0, n / (t1 - t0));
	db_close(db);

	/* Verify from a fresh open, as madoguchi-audit does. */
	t0 = bench_now();
	if ((db = db_open(path, key, DB_OPEN_READONLY, NULL, &cause)) == NULL ||
	    audit_key_open(db, akey, ahead, AUDIT_KEY_READ, &cause) != 0)
		bench_die("open", cause);
	if (audit_verify(db, &check, &cause) != 0)
		bench_die("verify", cause != NULL ? cause : check.reason);
	t1 = bench_now();
	printf("verify:  %lld entries in %.2f s (%.0f entries/s; target < 3 s for 1,000,000)\n",
	    (long long)check.count, t1 - t0, check.count / (t1 - t0));
	db_close(db);
	key_free(key);
	unlink(path);
	unlink(akey);
	unlink(ahead);
	free(akey);
	free(ahead);
	/* The read-only open above leaves the WAL index and an empty WAL behind. */
	xasprintf(&side, "%s-wal", path);
	unlink(side);
	free(side);
	xasprintf(&side, "%s-shm", path);
	unlink(side);
	free(side);
	free(path);
	return 0;
}
