/*
 * madoguchi-admin status --check: the terminal's health in one line for a monitoring
 * system, as a Nagios plugin gives it ("MADOGUCHI WARNING - ..."), and the plugin's exit
 * status. Here only the judgement, from facts the command has read: what is checked and
 * where the thresholds lie is documented in madoguchi-admin(8); change both together.
 */
#ifndef STATUS_CHECK_H
#define STATUS_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* Nagios's states, in the order of their exit status. */
enum check_state {
	CHECK_OK = 0,
	CHECK_WARNING = 1,
	CHECK_CRITICAL = 2,
	CHECK_UNKNOWN = 3,
};

/*
 * The background sync tries every sync_interval_seconds (default 60): an hour without a
 * success is several failed rounds, a day is an outage. Changes are pushed whole at each
 * round, so more than a few waiting means rounds fail or are refused.
 */
#define CHECK_SYNC_WARN_SECONDS		3600
#define CHECK_SYNC_CRIT_SECONDS		86400
#define CHECK_PENDING_WARN		100
#define CHECK_PENDING_CRIT		1000
/* The packaged timer backs up weekly: one run missed is a warning, two are critical. */
#define CHECK_BACKUP_WARN_SECONDS	(8 * 86400)
#define CHECK_BACKUP_CRIT_SECONDS	(15 * 86400)
/* SQLite needs free room for its journal and WAL; a full disk stops every write. */
#define CHECK_DISK_WARN_PERCENT		85
#define CHECK_DISK_CRIT_PERCENT		95

enum check_audit {
	CHECK_AUDIT_INTACT,
	CHECK_AUDIT_BROKEN,	/* an entry altered, removed, inserted or reordered */
	CHECK_AUDIT_CUT,	/* the log no longer reaches its head kept outside */
};

/* What status --check read. Ages are in seconds. No personal data goes in here. */
struct check_facts {
	int		 sync_configured;	/* sync_host is set */
	int		 sync_ever;		/* a sync has succeeded */
	double		 sync_age;		/* since it, or since the oldest unsent change */
	int		 sync_over;		/* an offline limit is passed: applications wait */
	int64_t		 pending;		/* changes not yet acknowledged */
	enum check_audit audit;
	int64_t		 audit_first_bad;	/* CHECK_AUDIT_BROKEN: the first bad entry */
	int		 backup_ever;
	double		 backup_age;		/* since the newest backup, or since the log began */
	int		 test_ever;		/* a restore test was run */
	int		 test_ok;		/* the newest one passed */
	int		 disk_percent;		/* used, of the database's file system */
};

enum check_state check_line(const struct check_facts *, char *, size_t);
const char	*check_state_name(enum check_state);

#endif
