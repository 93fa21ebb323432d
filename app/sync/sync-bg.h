/*
 * Background sync for the desk application (SPEC §10): a process of its own,
 * madoguchi-sync, with its own database connection, runs one sync cycle every
 * sync_interval_seconds. The screens never wait for it; they read the sync state it leaves
 * in the database (screens/sync/sync-line.c). Started as root, it reads the keys once and
 * drops to the screen process's user.
 *
 * sync-launch.c, in the desk application: starts, signals and stops the process.
 * sync-bg.c, in madoguchi-sync: what the process does.
 */
#ifndef SYNC_BG_H
#define SYNC_BG_H

#include <sys/types.h>

struct config;

pid_t	 sync_bg_start(const struct config *, const char *);
void	 sync_bg_stop(pid_t);
int	 sync_bg_request(pid_t);
int	 sync_bg_cancel(pid_t);

void	 sync_bg_run(const struct config *) __attribute__((noreturn));

#endif
