/* The seat of a kiosk under a console terminal (ttyseat.h). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"
#include "ttyseat.h"

/* Ancestors looked at: a kiosk's chain is short (systemd, kmscon, uim-fep, madoguchi). */
#define TTYSEAT_DEPTH	16

/* The parent of pid from PROC/PID/stat, or -1. The name (field 2) may hold ')' and ' '. */
static pid_t
parent_of(const char *proc, pid_t pid)
{
	char	 path[PATH_MAX], buf[1024], *p;
	FILE	*f;
	size_t	 n;
	long	 ppid;

	snprintf(path, sizeof path, "%s/%ld/stat", proc, (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || sscanf(p + 1, " %*c %ld", &ppid) != 1 ||
	    ppid < 0)
		return -1;
	return (pid_t)ppid;
}

/* "ttyN" when target names a VT, /dev/tty1 to /dev/tty63 (not tty0, the current one). */
static int
vt_name(const char *target, char out[TTYSEAT_SIZE])
{
	char	*end;
	long	 n;

	if (strncmp(target, "/dev/tty", 8) != 0 || target[8] < '1' || target[8] > '9')
		return -1;
	n = strtol(target + 8, &end, 10);
	if (*end != '\0' || n < 1 || n > 63)
		return -1;
	snprintf(out, TTYSEAT_SIZE, "tty%ld", n);
	return 0;
}

/* procfs_fd_find's match: a VT, its name into arg. */
static int
is_vt(const char *target, void *arg)
{
	return vt_name(target, arg) == 0;
}

int
tty_seat(const char *proc, pid_t pid, char out[TTYSEAT_SIZE])
{
	int	 depth;

	for (depth = 0; depth < TTYSEAT_DEPTH; depth++) {
		if ((pid = parent_of(proc, pid)) <= 0)
			return -1;
		if (procfs_fd_find(proc, pid, is_vt, out))
			return 0;
	}
	return -1;
}
