/*
 * What madoguchi asks procfs about processes (the memory lock, a kiosk's seat): a line
 * of PROC/PID/status, and which files a process holds open. proc is procfs's mount point
 * ("/proc"; a made-up tree in the tests).
 */
#ifndef PROCFS_H
#define PROCFS_H

#include <sys/types.h>

/* The number of the line "name: value" of PROC/PID/status (pid 0: "self"), in base; -1. */
long long	 procfs_status(const char *, pid_t, const char *, int);

/*
 * Whether pid holds open a file for which match(target, arg) says 1, target being what
 * the link PROC/PID/fd/N points at ("/dev/tty1", "socket:[42]"). Stops at the first.
 */
int		 procfs_fd_find(const char *, pid_t, int (*)(const char *, void *), void *);

#endif
