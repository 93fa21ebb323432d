/*
 * How a certificate left the office (交付の方法, issue 24): handed over at the counter
 * (窓口交付) or mailed (郵送) with the day it was posted and its tracking number. Recorded
 * once for the registration's valid certificate, after it was printed.
 */
#ifndef CERT_DELIVERY_H
#define CERT_DELIVERY_H

struct actor;
struct db;

struct cert_delivery {
	char	 method[8];		/* counter, mail */
	char	 delivered_on[11];	/* YYYY-MM-DD: handed over, or posted */
	char	 tracking_number[32];	/* mail only */
	char	 recorded_by[64];
};

/*
 * Records how the registration's valid certificate left: method "counter" or "mail";
 * delivered_on as typed (any date form; NULL or "": today), not in the future; the
 * tracking number for mail (letters, digits and '-', full-width taken), none otherwise.
 * Refused for a certificate not printed yet or already recorded. Audited (cert.delivery).
 */
int	 cert_delivery_record(struct db *, const struct actor *, const char *, const char *,
	    const char *, const char *, char **);
/* How the registration's valid certificate left: 0, 1 if not recorded, -1 on error. */
int	 cert_delivery_get(struct db *, const char *, struct cert_delivery *, char **);

#endif
