/*
 * Spool directories: atomic writes, listing, bounded reads and the quarantine.
 *
 * A spool file is created under a dot-name, written, fsync'd and then linked to its final
 * name: link() rather than rename() so that an existing file of the same name is never
 * replaced (file ids are unique; a clash is a fault to report, not to paper over). The
 * directory is fsync'd afterwards so that the name survives a crash too.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "i18n.h"
#include "juki.h"
#include "juki/juki-spool.h"
#include "xmalloc.h"

/* The gateway account reads request files through the group; nobody else may. */
#define SPOOL_MODE	0640

static int	valid_name(const char *);
static int	fsync_dir(const char *);
static int	cmp_names(const void *, const void *);
static char	*spool_filename(const char *, const char *);
static void	*read_part(void *);
static int	read_whole(int, char *, size_t);
static int	read_fd(int, const char *, size_t, char **, size_t *, char **);

static int
valid_name(const char *name)
{
	return *name != '\0' && *name != '.' && strchr(name, '/') == NULL &&
	    strlen(name) < 256;
}

static int
fsync_dir(const char *dir)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static char *
spool_filename(const char *prefix, const char *id)
{
	char	*name;

	if (!juki_valid_id(id))
		return NULL;
	xasprintf(&name, "%s%s%s", prefix, id, JUKI_SUFFIX);
	return name;
}

char *
juki_request_filename(const char *id)
{
	return spool_filename(JUKI_REQ_PREFIX, id);
}

char *
juki_result_filename(const char *id)
{
	return spool_filename(JUKI_RES_PREFIX, id);
}

int
juki_spool_write(const char *dir, const char *name, const void *data, size_t len,
    char **cause)
{
	const char	*p = data;
	char		*tmp = NULL, *final = NULL, *shown;
	ssize_t		 n;
	int		 fd = -1, rc = -1, saved;

	if (!valid_name(name)) {
		shown = escape_text(name, 0);
		xasprintf(cause, _("invalid spool file name \"%s\""), shown);
		free(shown);
		return -1;
	}
	xasprintf(&tmp, "%s/.%s.XXXXXX", dir, name);
	xasprintf(&final, "%s/%s", dir, name);
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, _("cannot create a file in %s: %s"), dir, strerror(errno));
		goto out;
	}
	if (fchmod(fd, SPOOL_MODE) == -1)
		goto fail;
	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += n;
		len -= n;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (link(tmp, final) == -1) {
		if (errno == EEXIST) {
			xasprintf(cause, _("%s already exists; not replacing it"), final);
			goto out;
		}
		goto fail;
	}
	unlink(tmp);
	if (fsync_dir(dir) == -1)
		goto fail;
	rc = 0;
	goto out;
fail:
	saved = errno;
	xasprintf(cause, _("cannot write %s: %s"), final, strerror(saved));
out:
	if (fd != -1)
		close(fd);
	if (rc != 0 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(final);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The spool's files PREFIX<file id>.dat, sorted (file ids sort by time when built from
 * dates): regular files only, looked at without following a link. Names starting with '.'
 * are a writer's temporaries and are skipped. Everything else (a directory or a link under
 * a file's name, a name of another form, with control characters say) is a stray: it is
 * returned in *strays, if asked for, with why it is not taken, and never read.
 */
int
juki_spool_list(const char *dir, const char *prefix, char ***names, size_t *n,
    struct juki_stray **strays, size_t *nstrays, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		*id, *why;
	size_t		 len, plen = strlen(prefix), slen = strlen(JUKI_SUFFIX);
	int		 named;

	*names = NULL;
	*n = 0;
	if (strays != NULL) {
		*strays = NULL;
		*nstrays = 0;
	}
	if ((d = opendir(dir)) == NULL) {
		xasprintf(cause, _("cannot read spool directory %s: %s"), dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		len = strlen(de->d_name);
		named = 0;
		if (len > plen + slen && strncmp(de->d_name, prefix, plen) == 0 &&
		    strcmp(de->d_name + len - slen, JUKI_SUFFIX) == 0) {
			id = xstrndup(de->d_name + plen, len - plen - slen);
			named = juki_valid_id(id);
			free(id);
		}
		why = NULL;
		if (!named)
			xasprintf(&why, _("its name is not %s<file id>%s"), prefix, JUKI_SUFFIX);
		else if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) == -1) {
			if (errno == ENOENT)	/* taken away meanwhile */
				continue;
			xasprintf(&why, _("cannot stat it: %s"), strerror(errno));
		} else if (S_ISLNK(sb.st_mode))
			xasprintf(&why, _("it is a symbolic link"));
		else if (S_ISDIR(sb.st_mode))
			xasprintf(&why, _("it is a directory"));
		else if (!S_ISREG(sb.st_mode))
			xasprintf(&why, _("it is not a regular file"));
		if (why == NULL) {
			*names = xreallocarray(*names, *n + 1, sizeof **names);
			(*names)[(*n)++] = xstrdup(de->d_name);
		} else if (strays != NULL) {
			*strays = xreallocarray(*strays, *nstrays + 1, sizeof **strays);
			(*strays)[*nstrays].name = xstrdup(de->d_name);
			(*strays)[(*nstrays)++].why = why;
		} else
			free(why);
	}
	closedir(d);
	if (*n > 1)
		qsort(*names, *n, sizeof **names, cmp_names);
	return 0;
}

void
juki_spool_list_free(char **names, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void
juki_spool_strays_free(struct juki_stray *strays, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(strays[i].name);
		free(strays[i].why);
	}
	free(strays);
}

void
juki_spool_buf_free(char *buf, size_t len)
{
	if (buf == NULL)
		return;
	explicit_bzero(buf, len);
	free(buf);
}

/* Files at least this large are read in two halves at once (see read_fd). */
#define SPLIT_READ_MIN	((size_t)16 << 20)

/* A stretch of a file read with pread, possibly by a second thread. */
struct read_part {
	int	 fd;
	char	*buf;
	size_t	 off, len;
	size_t	 got;		/* less than len: the file ended early */
	int	 error;		/* errno of a failed read, or 0 */
};

static void *
read_part(void *arg)
{
	struct read_part	*r = arg;
	ssize_t			 n;

	while (r->got < r->len) {
		n = pread(r->fd, r->buf + r->off + r->got, r->len - r->got,
		    (off_t)(r->off + r->got));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			r->error = errno;
		if (n <= 0)
			break;
		r->got += n;
	}
	return NULL;
}

/*
 * Read size bytes of fd into buf: 0, or 1 if the file is shorter, or -1 with errno. A
 * large file is read in two halves at once, the second by a thread that takes no
 * signals: every fresh page a read fills is faulted in, zeroed and locked (the process
 * locks all its memory), 0.2 s in one thread for a 100 MB file the first time, 0.1 s in
 * two.
 */
static int
read_whole(int fd, char *buf, size_t size)
{
	struct read_part	 part[2];
	sigset_t		 all, old;
	pthread_t		 t;
	size_t			 half = size >= SPLIT_READ_MIN ? size / 2 : size;
	int			 i, threaded = 0;

	memset(part, 0, sizeof part);
	for (i = 0; i < 2; i++) {
		part[i].fd = fd;
		part[i].buf = buf;
	}
	part[0].len = half;
	part[1].off = half;
	part[1].len = size - half;
	if (part[1].len > 0) {
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		threaded = pthread_create(&t, NULL, read_part, &part[1]) == 0;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	read_part(&part[0]);
	if (threaded)
		pthread_join(t, NULL);
	else
		read_part(&part[1]);
	for (i = 0; i < 2; i++) {
		if (part[i].error != 0) {
			errno = part[i].error;
			return -1;
		}
	}
	return part[0].got == part[0].len && part[1].got == part[1].len ? 0 : 1;
}

static int
read_fd(int fd, const char *path, size_t max, char **out, size_t *outlen, char **cause)
{
	struct stat	 sb;
	char		*buf;
	size_t		 size;
	int		 rc;

	if (fstat(fd, &sb) == -1) {
		xasprintf(cause, _("cannot stat %s: %s"), path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		xasprintf(cause, _("%s is not a regular file"), path);
		return -1;
	}
	if ((unsigned long long)sb.st_size > max) {
		xasprintf(cause, _("%s is %lld bytes, more than the %zu allowed"), path,
		    (long long)sb.st_size, max);
		return -1;
	}
	size = sb.st_size;
	buf = xmalloc(size + 1);
	juki_advise_huge(buf, size + 1);
	if ((rc = read_whole(fd, buf, size)) == -1) {
		xasprintf(cause, _("cannot read %s: %s"), path, strerror(errno));
		juki_spool_buf_free(buf, size + 1);
		return -1;
	}
	/* A file still being written (by a gateway not using rename) is not read half. */
	if (rc != 0 || pread(fd, buf + size, 1, (off_t)size) != 0) {
		xasprintf(cause, _("%s changed while it was read"), path);
		juki_spool_buf_free(buf, size + 1);
		return -1;
	}
	buf[size] = '\0';
	*out = buf;
	*outlen = size;
	return 0;
}

int
juki_spool_read(const char *path, size_t max, char **out, size_t *outlen, char **cause)
{
	int	 fd, rc;

	*out = NULL;
	*outlen = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)) == -1) {
		xasprintf(cause, _("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	rc = read_fd(fd, path, max, out, outlen, cause);
	close(fd);
	return rc;
}

/*
 * Move PATH into QDIR, keeping its name (with a time and counter added if taken), and
 * write the reason beside it as NAME.reason.
 */
int
juki_spool_quarantine(const char *path, const char *qdir, const char *reason,
    char **moved_to, char **cause)
{
	const char	*base;
	char		*dest = NULL, *destname = NULL, *note = NULL, *text = NULL;
	char		*data = NULL, stamp[32];
	size_t		 len = 0;
	struct tm	 tm;
	time_t		 now;
	int		 i, rc = -1;

	if (moved_to != NULL)
		*moved_to = NULL;
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	if (!valid_name(base)) {
		text = escape_text(base, 0);
		xasprintf(cause, _("invalid spool file name \"%s\""), text);
		free(text);
		return -1;
	}
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);

	for (i = 0; i < 1000; i++) {
		free(destname);
		free(dest);
		if (i == 0)
			destname = xstrdup(base);
		else
			xasprintf(&destname, "%s.%s.%d", base, stamp, i);
		xasprintf(&dest, "%s/%s", qdir, destname);
		if (link(path, dest) == 0) {
			if (unlink(path) == -1) {
				xasprintf(cause, _("cannot remove %s after moving it: %s"), path,
				    strerror(errno));
				goto out;
			}
			break;
		}
		if (errno == EEXIST)
			continue;
		if (errno != EXDEV && errno != EPERM) {
			xasprintf(cause, _("cannot move %s to %s: %s"), path, qdir,
			    strerror(errno));
			goto out;
		}
		/* Another file system, or links refused: copy, then remove. */
		if (juki_spool_read(path, JUKI_SPOOL_MAX_FILE * 4, &data, &len, cause) != 0)
			goto out;
		if (juki_spool_write(qdir, destname, data, len, cause) != 0)
			goto out;
		if (unlink(path) == -1) {
			xasprintf(cause, _("cannot remove %s after copying it: %s"), path,
			    strerror(errno));
			goto out;
		}
		break;
	}
	if (i == 1000) {
		xasprintf(cause, _("no free name for %s in %s"), base, qdir);
		goto out;
	}
	if (fsync_dir(qdir) == -1) {
		xasprintf(cause, _("cannot sync %s: %s"), qdir, strerror(errno));
		goto out;
	}
	xasprintf(&note, "%s.reason", destname);
	xasprintf(&text, "%s\n", reason);
	if (juki_spool_write(qdir, note, text, strlen(text), cause) != 0)
		goto out;
	if (moved_to != NULL) {
		*moved_to = dest;
		dest = NULL;
	}
	rc = 0;
out:
	juki_spool_buf_free(data, len);
	free(dest);
	free(destname);
	free(note);
	free(text);
	return rc;
}

int
juki_spool_import(struct charconv *cc, const char *inbound, const char *name,
    const char *qdir, const struct juki_expect *ex, juki_audit_fn audit, void *arg,
    struct juki_result_file **out, char **cause)
{
	char	*path, *why = NULL, *qcause = NULL, *moved = NULL, *target, *raw;
	char	*data = NULL;
	size_t	 len = 0;
	int	 fd;

	*out = NULL;
	if (!valid_name(name)) {
		raw = escape_text(name, 0);
		xasprintf(cause, _("invalid spool file name \"%s\""), raw);
		free(raw);
		return -1;
	}
	xasprintf(&path, "%s/%s", inbound, name);
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)) == -1 &&
	    errno == ENOENT) {
		xasprintf(cause, _("cannot open %s: %s"), path, strerror(errno));
		free(path);
		return -1;
	}
	/* Anything that is there but unreadable as a result file goes to quarantine. */
	if (fd == -1)
		xasprintf(&why, _("cannot open: %s"), strerror(errno));
	else {
		if (read_fd(fd, path, JUKI_SPOOL_MAX_FILE, &data, &len, &why) == 0 &&
		    juki_result_parse(cc, data, len, ex, out, &why) == 0) {
			close(fd);
			juki_spool_buf_free(data, len + 1);
			free(path);
			return 0;
		}
		close(fd);
	}
	juki_spool_buf_free(data, len + 1);

	if (juki_spool_quarantine(path, qdir, why, &moved, &qcause) == 0)
		xasprintf(&raw, _("%s rejected: %s; moved to %s"), name, why, moved);
	else {
		xasprintf(&raw, _("%s rejected: %s; and it could not be quarantined: %s"),
		    name, why, qcause);
	}
	/* Shown to whoever imports, and audited: no name may carry terminal controls. */
	*cause = escape_text(raw, 0);
	free(raw);
	if (audit != NULL) {
		xasprintf(&target, "file:%s", name);
		audit(arg, "juki.result.reject", target, "rejected", *cause);
		free(target);
	}
	free(why);
	free(qcause);
	free(moved);
	free(path);
	return -1;
}
