/* Shared by retention.c and retention-requests.c only. */
#ifndef RETENTION_INTERNAL_H
#define RETENTION_INTERNAL_H

#include <time.h>

int	 retention_kind_refused(const char *, char **);
int	 retention_rule_of(struct db *, const char *, struct retention_rule *, char **);
/* One kind's dry run now. */
int	 retention_plan_one(struct db *, const struct retention_dirs *, const char *,
	    struct retention_plan *, char **);
/* Erases kind up to the cutoff at (0: its rule's cutoff now), with its record. */
int	 retention_erase_at(struct db *, const struct retention_dirs *,
	    const struct actor *, const char *, time_t, const char *, const char *,
	    int64_t *, char **);

#endif
