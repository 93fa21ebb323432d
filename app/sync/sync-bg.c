/* app/sync/: the desk's background sync process.
 * May use: lib/, db/, app/. */
/*
 * The background sync process, /usr/libexec/madoguchi/madoguchi-sync: the desk application
 * starts it (sync-launch.c) before the monitor, while it can still read the database key
 * and the terminal's TLS files, and it dies with the desk (PR_SET_PDEATHSIG, set before the
 * exec, and a check of the parent on every round). It is a program of its own so that
 * libpq, and the TLS, Kerberos and LDAP libraries that come with it, are mapped only here
 * and neither in the privileged monitor nor in the screen process (SPEC §2). Its standard streams go
 * to /dev/null: nothing it says may land on the screen the person types on. What it did
 * is in the sync state and the audit log.
 *
 * It talks to the network, parses the central store's answers and writes the database, so
 * it does not stay root (SPEC §2): it reads what it needs once, while it may
 * (sync_bg_load_secrets), then drops to the same system user as the screen process
 * (privsep_drop) and keeps nothing that would let it read those files again. The database
 * key stays in locked memory for the session's rounds, the batch-signing key in OpenSSL's
 * memory. libpq wants the TLS files by path,
 * and opens them at every connection; they are handed over as anonymous in-memory files
 * (memfd_create) that this process creates after the drop, so that they belong to it and
 * pass libpq's check of the key file's owner and mode, named /proc/self/fd/N. The process
 * cannot dump core, so no other process of its user (the screens) may open them through
 * /proc/PID/fd. A key, certificate or CA changed on disk is therefore read at the next
 * start of madoguchi, which the kiosk does after each logout.
 *
 * When it is not started as root (development, tests) there is nothing to drop and the
 * same code runs without the drop. If anything of this fails, the process does not sync:
 * it writes why to syslog, and, when it has the database key, to the audit log and the
 * sync state (the title line then says OFFLINE), and ends.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "audit/audit-key.h"
#include "config-file.h"
#include "db.h"
#include "i18n.h"
#include "keyfile.h"
#include "auth/privsep.h"
#include "export/export-grants.h"
#include "retention/retention.h"
#include "sync/sync-bg.h"
#include "sync/sync-client.h"
#include "sync/sync-disclosure.h"
#include "sync/sync-sign.h"
#include "sync/sync-store.h"
#include "xmalloc.h"

/* Seconds before another try when the database could not be opened for a cycle. */
#define SYNC_BG_RETRY	5

/* Larger than any certificate chain or key file a terminal has; a CA bundle fits. */
#define SYNC_FILE_MAX	(1024 * 1024)

/* One of the TLS files libpq reads: its bytes until they are in the memfd, then the memfd. */
struct sync_file {
	const char	*name;		/* the configuration's name for it */
	const char	*path;		/* NULL: not configured, libpq's default applies */
	int		 secret;	/* held in locked memory and wiped once written */
	char		*data;
	size_t		 len;
	int		 fd;
	char		 proc[32];	/* "/proc/self/fd/N", what libpq is given */
};

/*
 * What the process reads while it may, before the drop, and keeps for the whole session.
 */
struct sync_secrets {
	struct key	*dbkey;		/* the database key, in locked memory */
	struct sync_file tls_cert;
	struct sync_file tls_key;
	struct sync_file tls_ca;
	EVP_PKEY	*sign_key;	/* signs every batch (sync-sign.h) */
	struct audit_files *audit;	/* the audit key, and its head opened for writing */
};

static const struct actor sync_bg_who = { "madoguchi-sync", "system", "", 0 };

static void	sync_bg_signal(int);
static void	sync_bg_wait(int, pid_t);
static int	sync_bg_read_file(struct sync_file *, char **);
static int	sync_bg_load_secrets(const struct config *, struct sync_secrets *,
		    char **);
static int	sync_bg_drop(char **);
static int	sync_bg_memfd(struct sync_file *, char **);
static void	sync_bg_fail(const struct config *, const struct sync_secrets *,
		    const char *);
static void	sync_bg_loop(const struct config *, const struct sync_secrets *, pid_t);

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

/*
 * From the sync screen: "sync now" (SIGUSR1, sync_bg_request) ends the wait at its next
 * step; "cancel" (SIGUSR2, sync_bg_cancel) ends a running cycle at its next batch.
 */
static volatile sig_atomic_t	 sync_bg_requested;
static volatile sig_atomic_t	 sync_bg_cancelled;

static void
sync_bg_on_request(int sig)
{
	if (sig == SIGUSR2)
		sync_bg_cancelled = 1;
	else
		sync_bg_requested = 1;
}

/* Sleeps up to seconds, in steps, so that the parent's end or a request is seen soon. */
static void
sync_bg_wait(int seconds, pid_t parent)
{
	struct timespec	 step = { 0, 200 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < seconds * 5 && getppid() == parent && !sync_bg_requested; i++)
		nanosleep(&step, NULL);
	sync_bg_requested = 0;
}

/*
 * Reads f->path whole. The key file is checked as libpq checked it before it saw only the
 * in-memory copy: nothing for the group or others when it is this user's (root's, in the
 * kiosk), at most group-readable when it is another user's.
 */
static int
sync_bg_read_file(struct sync_file *f, char **cause)
{
	struct stat	 sb;
	ssize_t		 n;
	size_t		 size = 0, got = 0;
	int		 fd, rc = -1;

	if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot open %s %s: %s"), f->name, f->path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1) {
		xasprintf(cause, _("cannot stat %s %s: %s"), f->name, f->path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size <= 0 || sb.st_size > SYNC_FILE_MAX) {
		xasprintf(cause, _("%s %s is not a regular file of 1 to %d bytes"), f->name,
		    f->path, SYNC_FILE_MAX);
		goto out;
	}
	if (f->secret && (sb.st_mode & (sb.st_uid == geteuid() ? S_IRWXG | S_IRWXO :
	    S_IWGRP | S_IXGRP | S_IRWXO)) != 0) {
		xasprintf(cause, _("%s %s is readable by group or others (mode %04o); refusing "
		    "to use it: chmod 600 it"), f->name, f->path,
		    (unsigned)(sb.st_mode & 07777));
		goto out;
	}
	/* One byte more than the size: a file that grows while it is read is refused. */
	size = (size_t)sb.st_size;
	f->data = xmalloc(size + 1);
	if (f->secret)
		(void)mlock(f->data, size + 1);
	while (got <= size) {
		n = read(fd, f->data + got, size + 1 - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, _("cannot read %s %s: %s"), f->name, f->path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	if (got != size) {
		xasprintf(cause, _("%s %s changed while it was read"), f->name, f->path);
		goto out;
	}
	f->len = got;
	rc = 0;
out:
	close(fd);
	if (rc != 0 && f->data != NULL) {
		explicit_bzero(f->data, size + 1);
		if (f->secret)
			(void)munlock(f->data, size + 1);
		free(f->data);
		f->data = NULL;
	}
	return rc;
}

/*
 * Everything secret the process needs, read once, while it may: the database key, and the
 * TLS client key with its certificate and CA (which need not be secret, but may be root's
 * only, as the key is). Whatever else the rounds need from a root-only file is read here.
 */
static int
sync_bg_load_secrets(const struct config *c, struct sync_secrets *s, char **cause)
{
	struct sync_file	*files[] = { &s->tls_cert, &s->tls_key, &s->tls_ca };
	size_t			 i;
	char			*audit_key, *audit_head;
	int			 rc;

	memset(s, 0, sizeof *s);
	s->tls_cert = (struct sync_file){ .name = "sync_cert", .path = c->sync_cert,
	    .fd = -1 };
	s->tls_key = (struct sync_file){ .name = "sync_key", .path = c->sync_key,
	    .secret = 1, .fd = -1 };
	s->tls_ca = (struct sync_file){ .name = "sync_ca", .path = c->sync_ca, .fd = -1 };

	s->dbkey = key_new();
	if (key_load(c->key_path, s->dbkey, cause) != 0) {
		key_free(s->dbkey);
		s->dbkey = NULL;
		return -1;
	}
	/*
	 * The audit key, and the head file opened now and kept: after the drop it could not
	 * be. First, so that a failure with the files below can still be audited.
	 */
	audit_key = config_beside_key(c->audit_key, c->key_path, "audit.key");
	audit_head = config_beside_key(c->audit_head, c->key_path, "audit.head");
	rc = audit_files_load(audit_key, audit_head, AUDIT_KEY_WRITE, &s->audit, cause);
	free(audit_key);
	free(audit_head);
	if (rc != 0)
		return -1;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (files[i]->path != NULL && *files[i]->path == '\0')
			files[i]->path = NULL;
		if (files[i]->path != NULL && sync_bg_read_file(files[i], cause) != 0)
			return -1;
	}
	if ((s->sign_key = sync_sign_key_load(c->sync_signing_key, cause)) == NULL)
		return -1;
	return 0;
}

/*
 * Started as root: to the screen process's user, as the monitor drops it (privsep.c: all
 * groups, real, effective and saved IDs, checked, no_new_privs). Not started as root:
 * nothing to drop. The kernel forgets two settings when the IDs change, so they are made
 * again after the drop: no core dump (the process holds keys; and its /proc entries stay
 * root's, so that the screen process, the same user, cannot read the in-memory files or
 * trace it), and the signal on the parent's end.
 */
static int
sync_bg_drop(char **cause)
{
	struct privsep_id	 id;

	if (geteuid() == 0 && (privsep_lookup(PRIVSEP_USER, &id, cause) != 0 ||
	    privsep_drop(&id, cause) != 0))
		return -1;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		xasprintf(cause, _("cannot turn off core dumps: %s"), strerror(errno));
		return -1;
	}
	/*
	 * A desk that ended before this is seen by the loop's check of the parent, not here:
	 * a failure still to be reported (sync_bg_run) must not be cut short by it.
	 */
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
	return 0;
}

/*
 * The file's bytes in an anonymous in-memory file of this (dropped) process, mode 0600,
 * and the path libpq opens it by. The memfd stays open for the session, and mapped: a
 * secret's pages are locked there, so that they never go to swap, before the bytes are
 * copied in; the other copy is wiped at once.
 */
static int
sync_bg_memfd(struct sync_file *f, char **cause)
{
	void	*map = MAP_FAILED;
	int	 rc = -1;

	if (f->path == NULL)
		return 0;
	if ((f->fd = memfd_create(f->name, MFD_CLOEXEC)) == -1 ||
	    fchmod(f->fd, 0600) != 0 || ftruncate(f->fd, (off_t)f->len) != 0 ||
	    (map = mmap(NULL, f->len, PROT_READ | PROT_WRITE, MAP_SHARED, f->fd, 0)) ==
	    MAP_FAILED) {
		xasprintf(cause, _("cannot make the in-memory copy of %s: %s"), f->name,
		    strerror(errno));
		goto out;
	}
	/* Not fatal when the limit is low (tests as a user): as key_new. */
	if (f->secret)
		(void)mlock(map, f->len);
	memcpy(map, f->data, f->len);
	snprintf(f->proc, sizeof f->proc, "/proc/self/fd/%d", f->fd);
	rc = 0;
out:
	explicit_bzero(f->data, f->len);
	if (f->secret)
		(void)munlock(f->data, f->len + 1);
	free(f->data);
	f->data = NULL;
	return rc;
}

/*
 * Says why the process does not sync: in syslog (the journal, for the kiosk unit), and,
 * when it has the key, as a failed sync in the audit log and the sync state. When the drop
 * itself failed this writes the database with what is left of root, as the monitor does;
 * it never reaches the network.
 */
static void
sync_bg_fail(const struct config *c, const struct sync_secrets *s, const char *cause)
{
	struct db	*db;
	char		*err = NULL;

	syslog(LOG_ERR, "the background sync does not run: %s", cause);
	if (s->dbkey == NULL)
		return;
	if ((db = db_open(c->db_path, s->dbkey, DB_OPEN_EXISTING, NULL, &err)) == NULL) {
		syslog(LOG_ERR, "cannot record it in the database: %s", err);
		free(err);
		return;
	}
	if (s->audit != NULL)
		audit_files_use(db, s->audit);
	if (audit_actor(db, &sync_bg_who, "sync", "", "failed", cause, &err) != 0) {
		syslog(LOG_ERR, "cannot record it in the audit log: %s", err);
		free(err);
		err = NULL;
	}
	if (sync_state_record(db, 0, cause, &err) != 0) {
		syslog(LOG_ERR, "cannot record it in the database: %s", err);
		free(err);
	}
	db_close(db);
}

/*
 * The automatic retention rules, once a day (SPEC §7, issue 22): temporary data past its
 * period goes with its erasure record. Here because this process runs all day beside the
 * desk; a failure is logged and tried again the next day.
 */
static void
sync_bg_retention(const struct config *c, struct db *db)
{
	struct retention_dirs	 dirs;
	char			*cause = NULL;
	int64_t			 erased;
	int			 ran;

	retention_dirs_from(&dirs, c);
	if (retention_daily(db, &dirs, &sync_bg_who, &ran, &cause) != 0) {
		syslog(LOG_WARNING, "the automatic retention rules failed: %s", cause);
		free(cause);
		cause = NULL;
	}
	/* Every round: an expired grant's files leave the spool soon after its time. */
	if (export_expire(db, &sync_bg_who, &erased, &cause) != 0) {
		syslog(LOG_WARNING, "the expired export grants' files: %s", cause);
		free(cause);
	}
}

static void
sync_bg_loop(const struct config *c, const struct sync_secrets *s, pid_t parent)
{
	struct sync_params	 p;
	struct sync_report	 r;
	struct db		*db;
	char			*cause = NULL;

	sync_params_from_config(&p, c);
	p.sign_key = s->sign_key;
	if (s->tls_cert.path != NULL)
		p.cert = s->tls_cert.proc;
	if (s->tls_key.path != NULL)
		p.key = s->tls_key.proc;
	if (s->tls_ca.path != NULL)
		p.ca = s->tls_ca.proc;
	p.cancel = &sync_bg_cancelled;
	while (getppid() == parent) {
		/* A cancel that came while no cycle ran is for no cycle. */
		sync_bg_cancelled = 0;
		/* DB_OPEN_EXISTING, as the tools open it: the schema is brought up to date. */
		db = db_open(c->db_path, s->dbkey, DB_OPEN_EXISTING, NULL, &cause);
		if (db == NULL) {
			/*
			 * Busy (the screens were writing), most likely: nothing could record the
			 * attempt, so it is tried again soon rather than after a whole interval.
			 */
			syslog(LOG_WARNING, "cannot open the database for a sync: %s", cause);
			free(cause);
			cause = NULL;
			sync_bg_wait(c->sync_interval_seconds < SYNC_BG_RETRY ?
			    c->sync_interval_seconds : SYNC_BG_RETRY, parent);
			continue;
		}
		audit_files_use(db, s->audit);
		/* First: a supervisor waits at the counter for these (the holder screen). */
		if (sync_disclosure_serve(db, &p, &cause) != 0) {
			syslog(LOG_WARNING, "cannot answer a disclosure request: %s", cause);
			free(cause);
			cause = NULL;
		}
		(void)sync_run(db, &p, &sync_bg_who, &r, &cause);
		free(cause);
		cause = NULL;
		sync_bg_retention(c, db);
		db_close(db);
		sync_bg_wait(c->sync_interval_seconds, parent);
	}
}

/*
 * The process's life, from its exec by madoguchi (sync-launch.c) to its end: it never
 * returns. Its parent is the desk application, which set the signal on its end before the
 * exec; the checks of getppid() against it end this process when the desk ends.
 */
void
sync_bg_run(const struct config *c)
{
	struct sigaction	 sa;
	struct sync_secrets	 s;
	sigset_t		 block;
	pid_t			 parent = getppid();
	char			*cause = NULL, *drop_cause = NULL;
	int			 loaded;

	/*
	 * SIGTERM and SIGHUP wait until the keys are read and root is dropped, or a failure
	 * is recorded: madoguchi may end meanwhile (when the drop fails, the screen process's
	 * fails the same way, at once), which must not cut the report short.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, NULL);
	/* No core dump from here on: it is about to read the keys (again after the drop). */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sync_bg_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* Before anyone may send it: SIGUSR1's default would end the process. */
	sa.sa_handler = sync_bg_on_request;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	/* The person's Ctrl-C at the desk is the screens' business, not this process's. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	/* Its standard streams are /dev/null already (sync-launch.c): it says all in syslog. */
	openlog("madoguchi-sync", LOG_PID, LOG_DAEMON);

	/*
	 * The drop comes first even when a secret could not be read: then the report is
	 * written unprivileged. A failed drop is the failure to report.
	 */
	loaded = sync_bg_load_secrets(c, &s, &cause);
	if (sync_bg_drop(loaded == 0 ? &cause : &drop_cause) != 0) {
		sync_bg_fail(c, &s, loaded == 0 ? cause : drop_cause);
		_exit(1);
	}
	if (loaded != 0 ||
	    sync_bg_memfd(&s.tls_cert, &cause) != 0 ||
	    sync_bg_memfd(&s.tls_key, &cause) != 0 ||
	    sync_bg_memfd(&s.tls_ca, &cause) != 0) {
		sync_bg_fail(c, &s, cause);
		_exit(1);
	}
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	sync_bg_loop(c, &s, parent);
	_exit(0);
}
