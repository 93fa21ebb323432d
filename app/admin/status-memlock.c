/* The memory lock of the processes that have the database open (status-memlock.h). */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/status-memlock.h"
#include "procfs.h"
#include "xmalloc.h"

/* The first line of PROC/PID/NAME into buf, without its newline; -1 if unreadable. */
static int
proc_line(const char *proc, pid_t pid, const char *name, const char *prefix, char *buf,
    size_t len)
{
	char	 path[PATH_MAX];
	FILE	*f;
	int	 rc = -1;

	snprintf(path, sizeof path, "%s/%ld/%s", proc, (long)pid, name);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(buf, (int)len, f) != NULL) {
		if (prefix == NULL || strncmp(buf, prefix, strlen(prefix)) == 0) {
			buf[strcspn(buf, "\n")] = '\0';
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}

/* procfs_fd_find's match: the database file (resolved). */
static int
is_path(const char *target, void *path)
{
	return strcmp(target, path) == 0;
}

/* From "Max locked memory  65536  65536  bytes": the soft limit in KiB, -1 unlimited. */
static long long
limit_kib(const char *line)
{
	const char	*p = line + strlen("Max locked memory");

	while (*p == ' ')
		p++;
	if (strncmp(p, "unlimited", 9) == 0)
		return -1;
	return strtoll(p, NULL, 10) / 1024;
}

static int
by_pid(const void *a, const void *b)
{
	const struct memlock_proc	*x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int
memlock_scan(const char *proc, const char *path, struct memlock_proc **out, size_t *n)
{
	struct memlock_proc	*m;
	struct dirent		*de;
	DIR			*d;
	char			 real[PATH_MAX], line[256];
	pid_t			 pid;

	*out = NULL;
	*n = 0;
	if (realpath(path, real) == NULL)
		snprintf(real, sizeof real, "%s", path);
	if ((d = opendir(proc)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = (pid_t)strtol(de->d_name, NULL, 10);
		if (pid <= 0 || !procfs_fd_find(proc, pid, is_path, real))
			continue;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		m = &(*out)[(*n)++];
		memset(m, 0, sizeof *m);
		m->pid = pid;
		if (proc_line(proc, pid, "comm", NULL, line, sizeof line) == 0)
			snprintf(m->comm, sizeof m->comm, "%.31s", line);
		if ((m->locked_kib = procfs_status(proc, pid, "VmLck", 10)) < 0)
			m->locked_kib = 0;
		m->limit_kib = proc_line(proc, pid, "limits", "Max locked memory", line,
		    sizeof line) == 0 ? limit_kib(line) : 0;
	}
	closedir(d);
	/* readdir's order is the directory's: by pid, for a stable listing. */
	if (*n > 1)
		qsort(*out, *n, sizeof **out, by_pid);
	return 0;
}
