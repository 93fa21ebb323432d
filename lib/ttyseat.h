/*
 * The seat (the virtual console, "tty1") a kiosk runs on. Under a console terminal that
 * draws kanji (kmscon) madoguchi runs on a pseudo-terminal, and it is the console program
 * that holds the VT (/dev/ttyN) open: the nearest ancestor process that has a VT open
 * names the seat, so that allowed_terminals = tty1 means the same under the plain console
 * unit and under the kiosk unit. Only a process that holds the VT itself (or is started by
 * one) is on that seat; another user's shell on a pty has no such ancestor.
 */
#ifndef TTYSEAT_H
#define TTYSEAT_H

#include <stddef.h>
#include <sys/types.h>

#define TTYSEAT_SIZE	16	/* "tty63" */

/*
 * The VT held by the nearest ancestor of pid (pid itself not counted), looked up under
 * proc (the mount point of procfs, "/proc"): 0 with out set to "ttyN" (N 1 to 63), -1 when
 * no ancestor holds one (or what it holds cannot be read).
 */
int	 tty_seat(const char *, pid_t, char [TTYSEAT_SIZE]);

#endif
