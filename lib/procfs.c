/* Lines of procfs for the questions about processes (procfs.h). */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

long long
procfs_status(const char *proc, pid_t pid, const char *name, int base)
{
	FILE		*f;
	char		 path[PATH_MAX], line[256];
	size_t		 len = strlen(name);
	long long	 value = -1;

	if (pid == 0)
		snprintf(path, sizeof path, "%s/self/status", proc);
	else
		snprintf(path, sizeof path, "%s/%ld/status", proc, (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, name, len) == 0 && line[len] == ':') {
			value = strtoll(line + len + 1, NULL, base);
			break;
		}
	}
	fclose(f);
	return value;
}

int
procfs_fd_find(const char *proc, pid_t pid, int (*match)(const char *, void *), void *arg)
{
	char		 dir[PATH_MAX], target[PATH_MAX];
	struct dirent	*de;
	DIR		*d;
	ssize_t		 n;
	int		 found = 0;

	snprintf(dir, sizeof dir, "%s/%ld/fd", proc, (long)pid);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while (!found && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((n = readlinkat(dirfd(d), de->d_name, target, sizeof target - 1)) <= 0)
			continue;
		target[n] = '\0';
		found = match(target, arg);
	}
	closedir(d);
	return found;
}
