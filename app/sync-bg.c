/*
 * The background sync process. It is started before the monitor, while the program can
 * still read the database key and the terminal's TLS key, and it dies with the program
 * (PR_SET_PDEATHSIG, and a check of the parent on every round). Its standard streams go
 * to /dev/null: nothing it says may land on the screen the person types on. What it did
 * is in the sync state and the audit log.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "config-file.h"
#include "db.h"
#include "dbopen.h"
#include "sync-bg.h"
#include "sync-client.h"
#include "sync-sign.h"

/*
 * Ends at once, even inside a connection attempt or a statement the central store is
 * slow to answer: a sync cut at any point loses and duplicates nothing (every step commits
 * locally only after the central store did; tests/sync/test-crash.sh kills it 200 times).
 */
static void
sync_bg_signal(int sig)
{
	(void)sig;
	_exit(0);
}

/* Sleeps up to seconds, in steps, so that the parent's end is seen soon. */
static void
sync_bg_wait(int seconds, pid_t parent)
{
	struct timespec	 step = { 0, 200 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < seconds * 5 && getppid() == parent; i++)
		nanosleep(&step, NULL);
}

static void
sync_bg_loop(const struct config *c, const char *config_path, pid_t parent)
{
	static const struct actor who = { "madoguchi-sync", "system", "", 0 };
	struct sync_params	 p;
	struct sync_report	 r;
	struct db		*db;
	char			*cause = NULL;

	sync_params_from_config(&p, c);
	/* Without it each round fails and says so (sync state, audit log). */
	p.sign_key = sync_sign_key_load(c->sync_signing_key, &cause);
	free(cause);
	cause = NULL;
	while (getppid() == parent) {
		db = dbopen_tool(config_path, c->db_path, c->key_path, DB_OPEN_EXISTING, &cause);
		if (db != NULL) {
			(void)sync_run(db, &p, &who, &r, &cause);
			db_close(db);
		}
		free(cause);
		cause = NULL;
		sync_bg_wait(c->sync_interval_seconds, parent);
	}
}

/* Returns the child's pid, or 0 when this terminal does not sync (or no child could start). */
pid_t
sync_bg_start(const struct config *c, const char *config_path)
{
	struct sigaction	 sa;
	pid_t			 pid, parent = getpid();
	int			 fd;

	if (!sync_configured(c))
		return 0;
	if ((pid = fork()) != 0)
		return pid > 0 ? pid : 0;

	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sync_bg_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* The person's Ctrl-C at the desk is the screens' business, not this process's. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	sync_bg_loop(c, config_path, parent);
	_exit(0);
}

void
sync_bg_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	(void)waitpid(pid, NULL, 0);
}
