/*
 * madoguchi-admin juki-check: carry on the periodic check (定期照会, SPEC §5) that a
 * supervisor started on the screen, unattended (from a timer, say): batches of holders go
 * to the gateway one request file at a time and the answers come in, until every holder
 * is answered. It never starts a check: the job a supervisor started is what allows these
 * queries. SIGINT or SIGTERM pauses the job safely between steps; --resume carries on.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "clock.h"
#include "config-file.h"
#include "escape.h"
#include "i18n.h"
#include "juki/juki-lookup.h"
#include "xmalloc.h"

static int	cmd_juki_check_exec(int, char **);
static void	on_signal(int);
static void	print_job(const struct juki_job *);
static void	print_cause(const char *);

const struct admin_cmd admin_cmd_juki_check = {
	.name = "juki-check",
	.usage = "[--status] [--resume] [--timeout SECONDS] [--config FILE] [--db PATH] "
	    "[--key PATH]",
	.summary = N_("carry on the periodic Juki-net check a supervisor started"),
	.exec = cmd_juki_check_exec,
};

static volatile sig_atomic_t	 stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
print_job(const struct juki_job *j)
{
	printf(_("periodic check %s: %s, started by %s, changes since %s as of %s\n"),
	    j->id, j->status, j->started_by, j->period_from, j->base_date);
	printf(_("  holders %lld, sent %lld, answered %lld, failed %lld, changes %lld (%lld "
	    "open)\n"), (long long)j->total, (long long)j->sent, (long long)j->answered,
	    (long long)j->failed, (long long)j->changes, (long long)j->open_reviews);
}

/*
 * A cause may quote a spool file's name: nothing of it reaches the terminal raw. The
 * causes of an import are one line for each file refused.
 */
static void
print_cause(const char *cause)
{
	const char	*p = cause, *nl;
	char		*line, *shown;

	do {
		nl = strchr(p, '\n');
		line = nl != NULL ? xstrndup(p, nl - p) : xstrdup(p);
		shown = escape_text(line, 0);
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, shown);
		free(shown);
		free(line);
		p = nl + 1;
	} while (nl != NULL);
}

static int
cmd_juki_check_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		ADMIN_DB_LONGOPTS,
		{ "status", no_argument, NULL, 's' },
		{ "resume", no_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct admin_db_opts	 o;
	struct config		 cf;
	struct sigaction	 sa;
	struct juki_job		 job;
	struct actor		 who;
	struct db		*db;
	char			*cause = NULL, *end;
	size_t			 files, rejected, sent;
	long			 timeout = 0;
	time_t			 started = time(NULL);
	int			 ch, status_only = 0, resume = 0, found, rc = ADMIN_EXIT_FAIL;
	int64_t			 last = -1;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS "srt:", longopts,
	    NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		switch (ch) {
		case 's':
			status_only = 1;
			continue;
		case 'r':
			resume = 1;
			continue;
		case 't':
			timeout = strtol(optarg, &end, 10);
			if (*optarg != '\0' && *end == '\0' && timeout > 0)
				continue;
			fprintf(stderr, _("%s: --timeout takes a number of "
			    "seconds\n"), program_invocation_short_name);
			return ADMIN_EXIT_USAGE;
		}
		admin_usage(&admin_cmd_juki_check, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	if (optind != argc) {
		admin_usage(&admin_cmd_juki_check, stderr);
		return ADMIN_EXIT_USAGE;
	}
	config_defaults(&cf);
	if (config_load(&cf, o.config != NULL ? o.config : CONFIG_DEFAULT_PATH, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		config_free(&cf);
		return ADMIN_EXIT_OPEN;
	}
	if ((db = admin_open(&o, DB_OPEN_EXISTING)) == NULL) {
		config_free(&cf);
		return ADMIN_EXIT_OPEN;
	}
	admin_actor(&who);
	if (juki_job_current(db, &job, &found, &cause) != 0)
		goto fail;
	if (!found) {
		xasprintf(&cause, _("no periodic check is running: a supervisor starts one on "
		    "the 定期照会 screen"));
		goto fail;
	}
	if (status_only) {
		print_job(&job);
		rc = ADMIN_EXIT_OK;
		goto out;
	}
	if (strcmp(job.status, "paused") == 0) {
		if (!resume) {
			xasprintf(&cause, _("the periodic check is paused; --resume carries it "
			    "on"));
			goto fail;
		}
		if (juki_job_set_status(db, &who, job.id, "running", &cause) != 0)
			goto fail;
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (;;) {
		if (juki_lookup_import(db, &cf, &who, &files, &rejected, &cause) != 0)
			goto fail;
		if (rejected > 0) {
			print_cause(cause);
			free(cause);
			cause = NULL;
		}
		if (juki_job_get(db, job.id, &job, &cause) != 0)
			goto fail;
		if (strcmp(job.status, "done") == 0) {
			printf(_("done: %lld holders, %lld answered, %lld changes to review\n"),
			    (long long)job.total, (long long)job.answered,
			    (long long)job.changes);
			rc = ADMIN_EXIT_OK;
			goto out;
		}
		if (strcmp(job.status, "running") != 0) {
			xasprintf(&cause, _("the periodic check was %s elsewhere"), job.status);
			goto fail;
		}
		if (stop || (timeout > 0 && time(NULL) - started >= timeout)) {
			if (juki_job_set_status(db, &who, job.id, "paused", &cause) != 0)
				goto fail;
			xasprintf(&cause, _("%s: paused at %lld of %lld answered; --resume "
			    "carries it on"), stop ? _("interrupted") : _("time is up"),
			    (long long)job.answered, (long long)job.total);
			goto fail;
		}
		if (job.sent <= job.answered + job.failed && !job.done_sending &&
		    juki_check_send_batch(db, &cf, &who, job.id, &sent, &cause) != 0)
			goto fail;
		if (job.answered != last) {
			printf(_("answered %lld of %lld\n"), (long long)job.answered,
			    (long long)job.total);
			fflush(stdout);
			last = job.answered;
		}
		clock_sleep_ms(200, &stop);
	}
fail:
	print_cause(cause);
	free(cause);
out:
	db_close(db);
	config_free(&cf);
	return rc;
}
