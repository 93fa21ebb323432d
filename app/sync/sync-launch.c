/*
 * Starting, signalling and stopping the background sync process from the desk application
 * (sync-bg.h). The process is madoguchi-sync, a program of its own, so that the desk does not
 * map libpq; it is started before the monitor, while this process may still read the keys
 * the sync needs (sync-bg.c reads them, then drops root).
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "config-file.h"
#include "helper-path.h"
#include "sync/sync-bg.h"
#include "xmalloc.h"

#define SYNC_BG_PROGRAM	"madoguchi-sync"

static int	sync_bg_signal_ours(pid_t, int);

/*
 * Returns the process's pid, or 0 when this terminal does not sync or no process could
 * start (then syslog says why: the title line shows OFFLINE, as for any sync that fails).
 * config_path is the file the desk read (NULL: the default); the database and key paths
 * are passed as the desk uses them, with the command line's overrides.
 */
pid_t
sync_bg_start(const struct config *c, const char *config_path)
{
	sigset_t	 block;
	pid_t		 pid, parent = getpid();
	char		*path, *argv[9];
	int		 fd, n = 0;

	if (!config_syncs(c))
		return 0;
	path = helper_path(SYNC_BG_PROGRAM);
	if ((pid = fork()) != 0) {
		free(path);
		return pid > 0 ? pid : 0;
	}

	/*
	 * SIGTERM and SIGHUP stay blocked through the exec, until the process has read its
	 * keys and dropped root, or recorded why it could not (sync_bg_run): madoguchi may end
	 * meanwhile, which must not cut the report short. The signal on the parent's end is
	 * kept across the exec, and a parent that ended before it was set is seen here.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, NULL);
	/* Named at once, as ps, pgrep and sync_bg_signal_ours look for it, not after the exec. */
	(void)prctl(PR_SET_NAME, SYNC_BG_PROGRAM, 0, 0, 0);
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(0);
	/* Nothing it says may land on the screen the person types on. */
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	argv[n++] = (char *)SYNC_BG_PROGRAM;
	if (config_path != NULL) {
		argv[n++] = (char *)"--config";
		argv[n++] = (char *)config_path;
	}
	argv[n++] = (char *)"--db";
	argv[n++] = c->db_path;
	argv[n++] = (char *)"--key";
	argv[n++] = c->key_path;
	argv[n] = NULL;
	execv(path, argv);
	openlog(SYNC_BG_PROGRAM, LOG_PID, LOG_DAEMON);
	syslog(LOG_ERR, "cannot start %s: %m", path);
	_exit(127);
}

void
sync_bg_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	(void)waitpid(pid, NULL, 0);
}

/*
 * Asks the background sync process to run a cycle now (the sync screen's "sync now"). The
 * screen process and the sync process run as the same user after the drop, so the signal
 * needs no privilege. A cycle cut short loses nothing (see sync_run), so the request is
 * safe at any moment. Returns -1 when there is no such process (this terminal does not
 * sync, or the process ended: its reason is in the sync state).
 */
int
sync_bg_request(pid_t pid)
{
	return sync_bg_signal_ours(pid, SIGUSR1);
}

/* Asks a running cycle to end at its next batch (the sync screen's "cancel"). */
int
sync_bg_cancel(pid_t pid)
{
	return sync_bg_signal_ours(pid, SIGUSR2);
}

static int
sync_bg_signal_ours(pid_t pid, int sig)
{
	char	 path[64], comm[32];
	FILE	*f;
	int	 ours;

	if (pid <= 0)
		return -1;
	/* The pid of a process that ended may be someone else's by now. */
	snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	ours = fgets(comm, sizeof comm, f) != NULL &&
	    strcmp(comm, SYNC_BG_PROGRAM "\n") == 0;
	fclose(f);
	if (!ours)
		return -1;
	return kill(pid, sig);
}
