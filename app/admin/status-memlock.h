/*
 * Which running processes have the terminal's database open, and whether the kernel holds
 * their memory locked (issue 28): without the lock SQLCipher locks each allocation itself,
 * several times slower, and `madoguchi-admin status` says so, with the limit that stood
 * in the way.
 */
#ifndef STATUS_MEMLOCK_H
#define STATUS_MEMLOCK_H

#include <stddef.h>
#include <sys/types.h>

struct memlock_proc {
	pid_t		 pid;
	char		 comm[32];	/* the program, as /proc/PID/comm has it */
	long long	 locked_kib;	/* VmLck */
	long long	 limit_kib;	/* RLIMIT_MEMLOCK's soft limit; -1 for unlimited */
};

/*
 * The processes under proc (procfs, "/proc") that hold path open, into *out (allocated,
 * *n of them, by pid). 0, or -1 when proc cannot be read.
 */
int	 memlock_scan(const char *, const char *, struct memlock_proc **, size_t *);

#endif
