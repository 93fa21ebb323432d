/*
 * The judgement of status --check (status-check.h): each item gets a state, the line names
 * every item in the same order each time, and the worst state heads the line and is the
 * exit status.
 *
 * The line is not translated: monitoring systems match its words, and a Nagios server
 * shows plugin output as it came, whatever the terminal's language. It names counts and
 * ages only, never a record, a person or a path.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "admin/status-check.h"

/* A line being written into a caller's buffer; what does not fit is cut. */
struct line {
	char	*p;
	size_t	 size;
	size_t	 len;
};

static void	add(struct line *, const char *, ...) __attribute__((format(printf, 2, 3)));
static void	add_age(struct line *, double);
static enum check_state	 by_age(double, double, double);
static enum check_state	 worst(enum check_state, enum check_state);

static const char *const	state_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

const char *
check_state_name(enum check_state s)
{
	return state_names[s <= CHECK_UNKNOWN ? s : CHECK_UNKNOWN];
}

static void
add(struct line *l, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (l->len + 1 >= l->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->p + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	l->len += (size_t)n < l->size - l->len ? (size_t)n : l->size - l->len - 1;
}

/* Minutes within the hour, hours within two days, then days: what a person reads. */
static void
add_age(struct line *l, double seconds)
{
	long	 s = seconds > 0 ? (long)seconds : 0;

	if (s < 3600)
		add(l, "%ld min ago", s / 60);
	else if (s < 2 * 86400)
		add(l, "%ld h ago", s / 3600);
	else
		add(l, "%ld days ago", s / 86400);
}

static enum check_state
by_age(double age, double warn, double crit)
{
	if (age > crit)
		return CHECK_CRITICAL;
	if (age > warn)
		return CHECK_WARNING;
	return CHECK_OK;
}

static enum check_state
worst(enum check_state a, enum check_state b)
{
	return a > b ? a : b;
}

/*
 * Writes "MADOGUCHI STATE - items | perfdata" into buf and returns the state. A terminal
 * that does not sync has neither a sync age nor pending changes that matter: its outbox
 * only grows.
 */
enum check_state
check_line(const struct check_facts *f, char *buf, size_t size)
{
	struct line		 items = { NULL, 0, 0 }, perf = { NULL, 0, 0 }, out;
	char			 itembuf[512], perfbuf[256];
	enum check_state	 s = CHECK_OK, item;

	items.p = itembuf;
	items.size = sizeof itembuf;
	perf.p = perfbuf;
	perf.size = sizeof perfbuf;
	itembuf[0] = perfbuf[0] = '\0';

	if (!f->sync_configured)
		add(&items, "sync not configured");
	else {
		/* Never synced: a warning at once, worse as its oldest change waits longer. */
		item = by_age(f->sync_age, CHECK_SYNC_WARN_SECONDS, CHECK_SYNC_CRIT_SECONDS);
		if (!f->sync_ever) {
			item = worst(item, CHECK_WARNING);
			add(&items, "sync never succeeded");
		} else {
			add(&items, "sync ");
			add_age(&items, f->sync_age);
			add(&perf, "sync_age=%lds;%d;%d ", (long)f->sync_age,
			    CHECK_SYNC_WARN_SECONDS, CHECK_SYNC_CRIT_SECONDS);
		}
		if (f->sync_over) {
			item = CHECK_CRITICAL;
			add(&items, " (offline limit passed)");
		}
		s = worst(s, item);
		s = worst(s, f->pending > CHECK_PENDING_CRIT ? CHECK_CRITICAL :
		    f->pending > CHECK_PENDING_WARN ? CHECK_WARNING : CHECK_OK);
		add(&items, ", %lld pending", (long long)f->pending);
		add(&perf, "pending=%lld;%d;%d ", (long long)f->pending, CHECK_PENDING_WARN,
		    CHECK_PENDING_CRIT);
	}

	switch (f->audit) {
	case CHECK_AUDIT_INTACT:
		add(&items, ", audit chain ok");
		break;
	case CHECK_AUDIT_BROKEN:
		s = CHECK_CRITICAL;
		add(&items, ", audit chain BROKEN at entry %lld", (long long)f->audit_first_bad);
		break;
	case CHECK_AUDIT_CUT:
		s = CHECK_CRITICAL;
		add(&items, ", audit log CUT OR REWRITTEN");
		break;
	}

	/* No backup yet: a warning at once, critical once the log is as old as a late one. */
	item = by_age(f->backup_age, CHECK_BACKUP_WARN_SECONDS, CHECK_BACKUP_CRIT_SECONDS);
	if (!f->backup_ever) {
		item = worst(item, CHECK_WARNING);
		add(&items, ", no backup yet");
	} else {
		add(&items, ", backup ");
		add_age(&items, f->backup_age);
		add(&perf, "backup_age=%lds;%d;%d ", (long)f->backup_age,
		    CHECK_BACKUP_WARN_SECONDS, CHECK_BACKUP_CRIT_SECONDS);
	}
	s = worst(s, item);
	/* A backup that failed its restore test may not restore: there may be none. */
	if (!f->test_ever)
		add(&items, ", no restore test");
	else if (f->test_ok)
		add(&items, ", restore test ok");
	else {
		s = worst(s, CHECK_WARNING);
		add(&items, ", restore test FAILED");
	}

	s = worst(s, f->disk_percent >= CHECK_DISK_CRIT_PERCENT ? CHECK_CRITICAL :
	    f->disk_percent >= CHECK_DISK_WARN_PERCENT ? CHECK_WARNING : CHECK_OK);
	add(&items, ", disk %d%% used", f->disk_percent);
	add(&perf, "disk=%d%%;%d;%d", f->disk_percent, CHECK_DISK_WARN_PERCENT,
	    CHECK_DISK_CRIT_PERCENT);

	out.p = buf;
	out.size = size;
	out.len = 0;
	if (size > 0)
		buf[0] = '\0';
	add(&out, "MADOGUCHI %s - %s | %s", check_state_name(s), itembuf, perfbuf);
	return s;
}
