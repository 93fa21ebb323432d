/*
 * The audit chain's head outside the database (audit-head.h).
 *
 * The file is three lines of text, so that a sysadmin can read it:
 *
 *	madoguchi-audit-head 1
 *	head COUNT MAC
 *	anchor COUNT MAC
 *
 * COUNT in decimal, MAC in 64 hexadecimal digits. It is rewritten in place under an
 * exclusive flock(2): the background sync process opens it before it drops root and keeps
 * that descriptor, so the file is never replaced by a rename.
 */
#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit-head.h"
#include "db-internal.h"
#include "hex.h"
#include "i18n.h"
#include "keyfile.h"
#include "xmalloc.h"

#define HEAD_MAGIC	"madoguchi-audit-head 1"
#define HEAD_FILE_MAX	256

struct audit_head {
	int	 fd;
	char	*path;
};

enum mark_kind { MARK_HEAD, MARK_ANCHOR };

static int	 head_parse(const char *, struct audit_mark *, struct audit_mark *);
static int	 head_load(struct audit_head *, struct audit_mark *, struct audit_mark *,
		    char **);
static int	 head_store(struct audit_head *, const struct audit_mark *,
		    const struct audit_mark *, char **);
static int	 mark_present(struct db *, const struct audit_mark *, enum mark_kind,
		    char **, char **);
static int	 entry_mac(struct db *, int64_t, uint8_t *, int64_t *, char **);
static int	 acked_read(struct db *, int64_t *, char **);

/* One "NAME COUNT MAC\n" line at *p; advances *p past it. */
static int
line_parse(const char **p, const char *name, struct audit_mark *m)
{
	const char	*s = *p;
	char		*end;
	size_t		 n = strlen(name);
	long long	 count;

	if (strncmp(s, name, n) != 0 || s[n] != ' ' || s[n + 1] < '0' || s[n + 1] > '9')
		return -1;
	errno = 0;
	count = strtoll(s + n + 1, &end, 10);
	if (errno != 0 || count < 0 || *end != ' ')
		return -1;
	end++;
	if (strlen(end) < 2 * AUDIT_MAC_BYTES + 1 || end[2 * AUDIT_MAC_BYTES] != '\n' ||
	    hex_decode(end, AUDIT_MAC_BYTES, m->mac) != 0)
		return -1;
	m->count = count;
	*p = end + 2 * AUDIT_MAC_BYTES + 1;
	return 0;
}

static int
head_parse(const char *s, struct audit_mark *head, struct audit_mark *anchor)
{
	const char	*p = s;

	if (strncmp(p, HEAD_MAGIC "\n", sizeof HEAD_MAGIC) != 0)
		return -1;
	p += sizeof HEAD_MAGIC;
	if (line_parse(&p, "head", head) != 0 || line_parse(&p, "anchor", anchor) != 0 ||
	    *p != '\0')
		return -1;
	return 0;
}

/*
 * Opens the head file: writable for the processes that advance it, which hold the key.
 * Like a key file it must belong to root (or, not running as root, to the user) and be
 * readable by its owner only.
 */
int
audit_head_open(const char *path, int writable, struct audit_head **hp, char **cause)
{
	struct audit_head	*h;
	struct stat		 sb;
	int			 fd;

	*hp = NULL;
	fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			xasprintf(cause, _("the audit head file %s does not exist; "
			    "madoguchi-admin migrate makes it"), path);
		else
			xasprintf(cause, _("cannot open the audit head file %s: %s"), path,
			    strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		xasprintf(cause, _("the audit head file %s is not a regular file"), path);
		close(fd);
		return -1;
	}
	if (key_owner_check(path, sb.st_uid, geteuid(), cause) != 0) {
		close(fd);
		return -1;
	}
	if ((sb.st_mode & 077) != 0) {
		xasprintf(cause, _("the audit head file %s may be read by others (mode %03o): "
		    "chmod 600 it"), path, (unsigned)(sb.st_mode & 0777));
		close(fd);
		return -1;
	}
	h = xcalloc(1, sizeof *h);
	h->fd = fd;
	h->path = xstrdup(path);
	*hp = h;
	return 0;
}

void
audit_head_close(struct audit_head *h)
{
	if (h == NULL)
		return;
	close(h->fd);
	free(h->path);
	free(h);
}

static int
head_load(struct audit_head *h, struct audit_mark *head, struct audit_mark *anchor,
    char **cause)
{
	char	 buf[HEAD_FILE_MAX + 1];
	ssize_t	 n;

	n = pread(h->fd, buf, HEAD_FILE_MAX, 0);
	if (n < 0) {
		xasprintf(cause, _("cannot read the audit head file %s: %s"), h->path,
		    strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	if (head_parse(buf, head, anchor) != 0) {
		xasprintf(cause, _("the audit head file %s is damaged"), h->path);
		return -1;
	}
	return 0;
}

static int
head_store(struct audit_head *h, const struct audit_mark *head,
    const struct audit_mark *anchor, char **cause)
{
	char	 buf[HEAD_FILE_MAX], hm[2 * AUDIT_MAC_BYTES + 1], am[2 * AUDIT_MAC_BYTES + 1];
	int	 len;

	hex_encode(head->mac, AUDIT_MAC_BYTES, hm);
	hex_encode(anchor->mac, AUDIT_MAC_BYTES, am);
	len = snprintf(buf, sizeof buf, HEAD_MAGIC "\nhead %" PRId64 " %s\nanchor %" PRId64
	    " %s\n", head->count, hm, anchor->count, am);
	if (pwrite(h->fd, buf, (size_t)len, 0) != len || ftruncate(h->fd, len) != 0 ||
	    fsync(h->fd) != 0) {
		xasprintf(cause, _("cannot write the audit head file %s: %s"), h->path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
head_lock(struct audit_head *h, int how, char **cause)
{
	while (flock(h->fd, how) != 0) {
		if (errno == EINTR)
			continue;
		xasprintf(cause, _("cannot lock the audit head file %s: %s"), h->path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
audit_head_read(struct audit_head *h, struct audit_mark *head, struct audit_mark *anchor,
    char **cause)
{
	int	 rc;

	if (head_lock(h, LOCK_SH, cause) != 0)
		return -1;
	rc = head_load(h, head, anchor, cause);
	(void)flock(h->fd, LOCK_UN);
	return rc;
}

/*
 * Makes the head file of a log that verifies whole: the head at its end, the anchor at
 * the last entry the central store acknowledged (0 when it never did). For a new terminal
 * and for one whose key moves out of its database (audit-key.c).
 */
int
audit_head_create(const char *path, struct db *db, char **cause)
{
	struct audit_head	 h;
	struct audit_mark	 head, anchor;
	struct audit_check	 c;
	char			*problem = NULL;
	int64_t			 acked = 0;
	int			 rc;

	memset(&head, 0, sizeof head);
	memset(&anchor, 0, sizeof anchor);
	if ((rc = audit_verify(db, &c, cause)) != 0) {
		if (rc > 0)
			xasprintf(cause, _("the audit log does not verify, so no head can be "
			    "kept for it: %s"), c.reason);
		audit_check_free(&c);
		return -1;
	}
	audit_check_free(&c);
	if (audit_tail_verify(db, 0, head.mac, &head.count, head.mac, &problem, cause) != 0) {
		free(problem);
		return -1;
	}
	if (acked_read(db, &acked, cause) != 0)
		return -1;
	if (acked > 0 && entry_mac(db, acked, anchor.mac, NULL, cause) == 0)
		anchor.count = acked;
	h.fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (h.fd == -1) {
		xasprintf(cause, _("cannot create the audit head file %s: %s"), path,
		    strerror(errno));
		return -1;
	}
	h.path = (char *)path;
	rc = head_store(&h, &head, &anchor, cause);
	close(h.fd);
	if (rc != 0)
		unlink(path);
	return rc;
}

/* How far the central store acknowledged the log, as the sync state has it. */
static int
acked_read(struct db *db, int64_t *acked, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	stmt = db_prepare(db, "SELECT coalesce((SELECT audit_pushed FROM sync_state), 0)",
	    cause);
	if (stmt == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	*acked = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	db_release(db, stmt);
	return rc == SQLITE_ROW ? 0 : db_fail(db, cause, _("cannot read the sync state"));
}

/* From now on every commit that wrote audit entries advances h (db_commit). */
void
audit_head_attach(struct db *db, struct audit_head *h)
{
	db->audit_head = h;
}

struct audit_head *
audit_head_of(struct db *db)
{
	return db->audit_head;
}

/* Entry seq's MAC; *last, when asked, the log's last entry. 1 when there is no entry seq. */
static int
entry_mac(struct db *db, int64_t seq, uint8_t *mac, int64_t *last, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc, found = 0;

	stmt = db_prepare(db, "SELECT (SELECT mac FROM audit_log WHERE seq = ?1), "
	    "(SELECT coalesce(max(seq), 0) FROM audit_log)", cause);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, seq);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(stmt, 0) == AUDIT_MAC_BYTES) {
			memcpy(mac, sqlite3_column_blob(stmt, 0), AUDIT_MAC_BYTES);
			found = 1;
		}
		if (last != NULL)
			*last = sqlite3_column_int64(stmt, 1);
	}
	db_release(db, stmt);
	if (rc != SQLITE_ROW) {
		xasprintf(cause, _("cannot read the audit log: %s"), sqlite3_errmsg(db->h));
		return -1;
	}
	return found ? 0 : 1;
}

/*
 * Whether the log still holds the entry m names, as it was: 0, or 1 with *problem saying
 * exactly what is missing or rewritten.
 */
static int
mark_present(struct db *db, const struct audit_mark *m, enum mark_kind kind,
    char **problem, char **cause)
{
	uint8_t	 mac[AUDIT_MAC_BYTES];
	int64_t	 last = 0;
	int	 rc;

	if (m->count == 0)
		return 0;
	if ((rc = entry_mac(db, m->count, mac, &last, cause)) < 0)
		return -1;
	if (rc == 0 && memcmp(mac, m->mac, AUDIT_MAC_BYTES) == 0)
		return 0;
	if (last < m->count) {
		if (kind == MARK_HEAD)
			xasprintf(problem, _("the audit log ends at entry %lld, but its head "
			    "kept outside the database records %lld entries: entries %lld to "
			    "%lld were removed"), (long long)last, (long long)m->count,
			    (long long)last + 1, (long long)m->count);
		else
			xasprintf(problem, _("the audit log ends at entry %lld, but the central "
			    "store acknowledged %lld entries: entries %lld to %lld are missing"),
			    (long long)last, (long long)m->count, (long long)last + 1,
			    (long long)m->count);
	} else if (kind == MARK_HEAD)
		xasprintf(problem, _("entry %lld of the audit log is not the one its head kept "
		    "outside the database records: the log was rewritten up to entry %lld"),
		    (long long)m->count, (long long)m->count);
	else
		xasprintf(problem, _("entry %lld of the audit log is not the one the central "
		    "store acknowledged: the log was rewritten up to entry %lld"),
		    (long long)m->count, (long long)m->count);
	return 1;
}

/*
 * Checks the log's tail against the head and the anchor: both entries still there as they
 * were, and every entry after the head verifying with the key. 0 when it holds, 1 with
 * *problem, -1 on error. Without a head file (a program that keeps none) there is nothing
 * to check against but the log itself.
 */
int
audit_head_check(struct db *db, char **problem, char **cause)
{
	struct audit_mark	 head, anchor;
	uint8_t			 mac[AUDIT_MAC_BYTES];
	int64_t			 last;
	char			*tail = NULL;
	int			 rc;

	*problem = NULL;
	if (db->audit_head == NULL)
		return 0;
	if (audit_head_read(db->audit_head, &head, &anchor, cause) != 0)
		return -1;
	if ((rc = mark_present(db, &anchor, MARK_ANCHOR, problem, cause)) != 0)
		return rc;
	if ((rc = mark_present(db, &head, MARK_HEAD, problem, cause)) != 0)
		return rc;
	rc = audit_tail_verify(db, head.count, head.mac, &last, mac, &tail, cause);
	if (rc > 0) {
		xasprintf(problem, _("after entry %lld, which its head kept outside the database "
		    "records: %s"), (long long)head.count, tail);
		free(tail);
	}
	return rc;
}

/*
 * Moves the head over the entries committed since, as far as they verify. 1 with *problem
 * when the log no longer holds what the head records or an entry after it does not verify:
 * the head then stays where it is, as the evidence.
 */
int
audit_head_advance(struct db *db, char **problem, char **cause)
{
	struct audit_mark	 head, anchor, now;
	int			 rc;

	*problem = NULL;
	if (db->audit_head == NULL)
		return 0;
	if (head_lock(db->audit_head, LOCK_EX, cause) != 0)
		return -1;
	if ((rc = head_load(db->audit_head, &head, &anchor, cause)) != 0)
		goto out;
	if ((rc = mark_present(db, &head, MARK_HEAD, problem, cause)) != 0)
		goto out;
	rc = audit_tail_verify(db, head.count, head.mac, &now.count, now.mac, problem, cause);
	if (rc >= 0 && now.count > head.count &&
	    head_store(db->audit_head, &now, &anchor, cause) != 0)
		rc = -1;
out:
	(void)flock(db->audit_head->fd, LOCK_UN);
	return rc;
}

/* The central store acknowledged the log up to entry seq: the anchor moves there. */
int
audit_head_anchor(struct db *db, int64_t seq, char **cause)
{
	struct audit_mark	 head, anchor;
	int			 rc;

	if (db->audit_head == NULL)
		return 0;
	if (head_lock(db->audit_head, LOCK_EX, cause) != 0)
		return -1;
	if ((rc = head_load(db->audit_head, &head, &anchor, cause)) == 0 &&
	    seq > anchor.count) {
		rc = entry_mac(db, seq, anchor.mac, NULL, cause);
		if (rc > 0)
			xasprintf(cause, _("the central store acknowledged audit entry %lld, "
			    "which this terminal does not have"), (long long)seq);
		if (rc == 0) {
			anchor.count = seq;
			rc = head_store(db->audit_head, &head, &anchor, cause);
		}
	}
	(void)flock(db->audit_head->fd, LOCK_UN);
	return rc == 0 ? 0 : -1;
}

/*
 * After a database restored from a backup: the head (and the anchor, if the log no longer
 * reaches it) moves back to the log's end, which must verify whole. The caller records
 * what it was in the audit log.
 */
int
audit_head_reset(struct db *db, char **cause)
{
	struct audit_mark	 head, anchor;
	struct audit_check	 c;
	uint8_t			 zero[AUDIT_MAC_BYTES];
	char			*problem = NULL;
	int			 rc;

	if ((rc = audit_verify(db, &c, cause)) != 0) {
		if (rc > 0)
			xasprintf(cause, _("the audit log does not verify: %s"), c.reason);
		audit_check_free(&c);
		return -1;
	}
	audit_check_free(&c);
	if (head_lock(db->audit_head, LOCK_EX, cause) != 0)
		return -1;
	if ((rc = head_load(db->audit_head, &head, &anchor, cause)) != 0)
		goto out;
	memset(zero, 0, sizeof zero);
	if ((rc = audit_tail_verify(db, 0, zero, &head.count, head.mac, &problem,
	    cause)) != 0) {
		free(problem);
		rc = -1;
		goto out;
	}
	if (anchor.count > head.count || mark_present(db, &anchor, MARK_ANCHOR, &problem,
	    cause) != 0)
		anchor = head;
	free(problem);
	rc = head_store(db->audit_head, &head, &anchor, cause);
out:
	(void)flock(db->audit_head->fd, LOCK_UN);
	return rc;
}
