/*
 * bench/audit_flags: times the unusual-use flags of one day (issue 20; target < 200 ms
 * for a day of 10,000 entries) in an encrypted database whose log holds DAYS such days
 * (default 10), so that the period's entries are found among others, as on a terminal
 * that has run for a while. Each day: 10,000 entries of 40 users, 07:00-20:00 in Japan,
 * views, searches, Juki queries, My Number reveals, prints and failed logins. Prints the
 * time of each run and the flags found; asserts nothing.
 *
 *	bench/audit_flags [ENTRIES-A-DAY [DAYS [RUNS [DIR]]]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit-flags.h"
#include "audit/audit-key.h"
#include "audit/audit.h"
#include "bench-util.h"
#include "clock.h"
#include "db.h"
#include "keyfile.h"
#include "office-hours.h"
#include "xmalloc.h"

int
main(int argc, char **argv)
{
	static const char *const actions[] = { "register.view", "register.view",
		"register.search", "juki.query", "cert.view", "mynumber.reveal", "cert.print",
		"login" };
	struct office_hours	 oh;
	struct audit_event	 ev;
	struct audit_flag	*flags;
	struct key		*key;
	struct db		*db;
	char			*path, *akey, *ahead, *cause = NULL, target[64], user[16];
	char			 day[11];
	const char		*dir;
	long			 per_day, days, runs, d, i, r;
	int64_t			 start_ms = 0;
	size_t			 n;
	double			 t0, t1, best = 1e9;
	unsigned		 seed = 1;
	struct tm		 tm;
	time_t			 t;

	per_day = argc > 1 ? atol(argv[1]) : 10000;
	days = argc > 2 ? atol(argv[2]) : 10;
	runs = argc > 3 ? atol(argv[3]) : 5;
	dir = argc > 4 ? argv[4] : "/tmp";
	/* Office hours are local: Japan's, whatever the machine's zone. */
	setenv("TZ", "Asia/Tokyo", 1);
	tzset();
	if (office_hours_parse("08:30-17:15 mon-fri", &oh, &cause) != 0)
		bench_die("office hours", cause);
	xasprintf(&path, "%s/madoguchi-bench-flags-%ld.db", dir, (long)getpid());
	xasprintf(&akey, "%s.audit-key", path);
	xasprintf(&ahead, "%s.audit-head", path);
	key = key_new();
	if (key_generate(key, &cause) != 0)
		bench_die("key", cause);
	if ((db = db_open(path, key, DB_OPEN_CREATE, NULL, &cause)) == NULL ||
	    audit_key_open(db, akey, ahead, AUDIT_KEY_MOVE, &cause) != 0 ||
	    db_set_terminal_id(db, "bench-01", &cause) != 0)
		bench_die("create", cause);

	/* Days ending Monday 2026-04-06 (07:00 JST = 22:00 UTC the day before). */
	memset(&ev, 0, sizeof ev);
	ev.tty = "tty1";
	ev.role = "clerk";
	ev.user = user;
	ev.target = target;
	t0 = bench_now();
	for (d = days - 1; d >= 0; d--) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = 2026 - 1900;
		tm.tm_mon = 3;
		tm.tm_mday = 6 - (int)d;
		tm.tm_hour = 7 - 9;
		start_ms = (int64_t)timegm(&tm) * 1000;
		if (db_begin(db, &cause) != 0)
			bench_die("begin", cause);
		for (i = 0; i < per_day; i++) {
			seed = seed * 1103515245 + 12345;
			ev.action = actions[(seed >> 8) % 8];
			ev.result = strcmp(ev.action, "login") == 0 && (seed >> 12) % 4 == 0 ?
			    "failed" : "ok";
			snprintf(user, sizeof user, "clerk%02u", (seed >> 16) % 40);
			snprintf(target, sizeof target, "holder:%08x-0000-4000-8000-000000000000",
			    (seed >> 4) % 5000);
			/* Spread over 13 hours, in order. */
			clock_test_freeze(start_ms + i * (13 * 3600000LL / per_day));
			if (audit_append(db, &ev, &cause) != 0)
				bench_die("append", cause);
		}
		if (db_commit(db, &cause) != 0)
			bench_die("commit", cause);
	}
	t1 = bench_now();
	printf("log:     %ld days of %ld entries written in %.1f s\n", days, per_day, t1 - t0);

	t = (time_t)(start_ms / 1000) + 12 * 3600;
	localtime_r(&t, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	for (r = 0; r < runs; r++) {
		t0 = bench_now();
		if (audit_flags_compute(db, &oh, day, day, 0, 0, &flags, &n, &cause) != 0)
			bench_die("flags", cause);
		t1 = bench_now();
		printf("flags:   %s, %ld entries: %zu flags in %.1f ms\n", day, per_day, n,
		    (t1 - t0) * 1000);
		if (t1 - t0 < best)
			best = t1 - t0;
		audit_flags_free(flags, n);
	}
	printf("best:    %.1f ms for one day of %ld entries (target < 200 ms for 10,000)\n",
	    best * 1000, per_day);
	db_close(db);
	key_free(key);
	unlink(path);
	unlink(akey);
	unlink(ahead);
	free(path);
	free(akey);
	free(ahead);
	return 0;
}
