/*
 * Locked memory for SQLCipher's cipher_memory_security (SPEC §7), at a bearable cost.
 *
 * With cipher_memory_security=ON, SQLCipher wraps SQLite's allocator: every allocation is
 * mlock()ed and every free is wiped byte by byte (a volatile loop) and munlock()ed. Debian
 * builds SQLCipher with SQLITE_OMIT_LOOKASIDE, so every small allocation SQLite makes goes
 * that way: storing one holder made about 440 allocations, 880 system calls that split
 * and merge the heap's mappings. Measured: syncing 100,000 changes in took 66 s, of which
 * about 60 s were these calls. And munlock() unlocks whole pages that other live
 * allocations still share, so the locking was not even complete.
 *
 * So the process locks all of its memory once, with mlockall(MCL_CURRENT | MCL_FUTURE |
 * MCL_ONFAULT): every page it has or will have stays in RAM, never in swap, including the
 * pages SQLCipher's munlock() would have unlocked. While that holds, the mlock() and
 * munlock() below, which SQLCipher's calls reach because an executable's definitions come
 * first in the dynamic linker's search, do nothing: locking is already done and unlocking
 * is refused. The wipe stays, done by sqlcipher_memset below with memset and a compiler
 * barrier (as explicit_bzero), instead of SQLCipher's one volatile byte at a time.
 *
 * When the process may not lock that much memory (RLIMIT_MEMLOCK too small and no
 * CAP_IPC_LOCK; the monitor lifts the limit for the screen process), or mlockall fails,
 * mlock() and munlock() make the real system calls, exactly as before. A fork leaves the
 * child without the lock (mlockall is not inherited): the child makes the real calls
 * until it opens a database and locks itself again.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memlock.h"
#include "procfs.h"

#define CAP_IPC_LOCK_BIT	14	/* linux/capability.h */

static volatile int	all_locked;
static int		atfork_set;
static char		why_not[160];	/* memlock_reason */

static void
memlock_child(void)
{
	all_locked = 0;
}

/* Whether the kernel will let this process lock all it maps, without a limit. */
static int
may_lock_everything(void)
{
	struct rlimit	 rl;
	long long	 caps;

	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY)
		return 1;
	caps = procfs_status("/proc", 0, "CapEff", 16);
	return caps > 0 && ((caps >> CAP_IPC_LOCK_BIT) & 1);
}

/* VmLck: how much of this process the kernel holds locked, in KiB. */
static long long
locked_kib(void)
{
	return procfs_status("/proc", 0, "VmLck", 10);
}

/*
 * A limited lock (MCL_FUTURE under a finite RLIMIT_MEMLOCK) would make later allocations
 * fail once the limit is reached, so the lock is taken only when nothing limits it.
 */
int
memlock_init(void)
{
	long long	 before;

	if (all_locked)
		return 1;
	if (!atfork_set) {
		if (pthread_atfork(NULL, NULL, memlock_child) != 0)
			return 0;
		atfork_set = 1;
	}
	if (!may_lock_everything()) {
		struct rlimit	 rl;

		if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0)
			snprintf(why_not, sizeof why_not, "RLIMIT_MEMLOCK is %llu KiB and the "
			    "process lacks CAP_IPC_LOCK", (unsigned long long)rl.rlim_cur / 1024);
		else
			snprintf(why_not, sizeof why_not, "RLIMIT_MEMLOCK is limited");
		return 0;
	}
	before = locked_kib();
	if (mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) != 0) {
		snprintf(why_not, sizeof why_not, "mlockall failed: %s", strerror(errno));
		return 0;
	}
	/*
	 * Believe the kernel, not the return value: AddressSanitizer's mlockall, for one,
	 * returns 0 and locks nothing, and then SQLCipher's own calls must not be dropped.
	 * Locking what is present (MCL_CURRENT) always adds to what was locked before.
	 */
	if (locked_kib() <= before) {
		snprintf(why_not, sizeof why_not, "mlockall locked nothing (a sanitizer?)");
		return 0;
	}
	all_locked = 1;
	return 1;
}

const char *
memlock_reason(void)
{
	return all_locked ? NULL : why_not[0] != '\0' ? why_not : "not tried yet";
}

int
memlock_active(void)
{
	return all_locked;
}

int
mlock(const void *addr, size_t len)
{
	if (all_locked)
		return 0;
	return (int)syscall(SYS_mlock, addr, len);
}

int
munlock(const void *addr, size_t len)
{
	if (all_locked)
		return 0;
	return (int)syscall(SYS_munlock, addr, len);
}

void *
sqlcipher_memset(void *v, unsigned char value, unsigned long long len)
{
	if (v == NULL)
		return v;
	memset(v, value, (size_t)len);
	/* The compiler may not drop the stores: the memory is about to be freed. */
	__asm__ __volatile__("" : : "r"(v) : "memory");
	return v;
}
