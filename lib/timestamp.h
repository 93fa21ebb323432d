/*
 * A stored time (UTC, ISO 8601, "2026-04-01T00:30:05.123Z", as the audit log and the
 * register stamp rows) shown as a person at the terminal reads it: local time, the date in
 * the Japanese era or Western style (config date_style, SPEC §11).
 */
#ifndef TIMESTAMP_H
#define TIMESTAMP_H

#include <stddef.h>

#define TIMESTAMP_SHOW_SIZE	48	/* "令和8年12月31日 23:59:59" */

/*
 * "令和8年4月1日 09:30:05" (era) or "2026-04-01 09:30:05"; with seconds 0, without the
 * seconds. A time that does not parse is copied as it is, so that nothing is hidden.
 * Returns 0, or -1 when it was copied.
 */
int	 timestamp_show(const char *, int, int, char *, size_t);

#endif
