/*
 * Corrections beyond the holder's identity items (issue 25): a registration's items
 * (kind 'correction' with its registration_id) and the My Number (kind 'correction' with
 * the one item "mynumber", which needs the account's My Number permission to file and to
 * approve). applications.c calls these from its correction path; the application, its
 * reception, its decision and its audit stay there.
 */
#ifndef REG_CORRECTIONS_H
#define REG_CORRECTIONS_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct application;
struct db;
struct reg_item;
struct reg_value;

/* Whether a correction's values or registration make it one of these. */
int	 regcorr_applies(const char *, const struct reg_value *, size_t);

/*
 * The checked items of a correction of holder_id's registration (or My Number): only
 * items that change, on a registration that is not erased; the new values with the
 * unchanged ones in the date order and the qualification's rules; a certificate number
 * nobody else has. A My Number that another holder holds is refused without showing
 * theirs. *base gets the registration's version (0 for a My Number).
 */
int	 regcorr_check(struct db *, const char *, const char *,
	    const struct reg_item *const *, char *const *, size_t, int64_t *, char **);

/*
 * Apply an approved correction in the caller's transaction: the registration's items
 * (an event 'correct', or 'rewrite' when an item printed on the certificate changed)
 * or the My Number (an event 'correct' whose before_json holds the old number masked).
 */
int	 regcorr_apply(struct db *, const struct actor *, struct application *, char **);

/* The record's values beside the application's, for the approval screen; best effort. */
void	 regcorr_current(struct db *, struct application *);

/*
 * "Registration: BH-000001, Dietitian", translated: which registration a correction is
 * about, for the approval screen. Allocated; NULL if there is none.
 */
char	*regcorr_registration_label(struct db *, const char *);

#endif
