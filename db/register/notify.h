/*
 * Notifications (届出, issue 25): a holder tells the office of a name or 本籍 change, a
 * death or disappearance, or a lost certificate. The reasons are data (notify_reasons,
 * migration 0033), each saying what it leads to: a 書換え (the correction form), a 消除 of
 * every live registration with the return (返還) of each certificate held expected, or a
 * reissue (the reissue form).
 *
 * Filing records the notification as history (an event 'notify' with the reason's code:
 * the fact was received, nothing of the register changed) and audits it as register.notify;
 * a death or disappearance files the 消除 applications in the same transaction, which a
 * supervisor then decides as any other. A name, 本籍 or loss notification leaves the
 * application to the form the screen opens next, since the clerk types what changed.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stddef.h>

struct actor;
struct db;

struct notify_reason {
	char	 code[24];
	int	 number;	/* the seeds' 数値 code */
	char	 grp[8];	/* name, honseki, death, loss */
	char	 leads_to[8];	/* rewrite, erase, reissue */
	char	 app_reason[12];	/* the application's reason code, "" for rewrite */
	char	*label;		/* in the reader's language */
};

/* Every reason of grp (NULL: all), by number; japanese: labels in Japanese. */
int	 notify_reasons_list(struct db *, const char *, int, struct notify_reason **,
	    size_t *, char **);
void	 notify_reasons_free(struct notify_reason *, size_t);
/* One reason by its code; -1 and "unknown notification reason" if there is none. */
int	 notify_reason_get(struct db *, const char *, int, struct notify_reason *, char **);
/* The reason's label for history lines (allocated), or NULL for an unknown code. */
char	*notify_reason_label(struct db *, const char *, int);

/* Who sent the fact: the holder's family at the counter, or a Juki-net answer. */
#define NOTIFY_FROM_COUNTER	"counter"
#define NOTIFY_FROM_JUKI	"juki"

struct notify_filed {
	char	 leads_to[8];
	int	 events;		/* notify events recorded */
	char	(*applications)[37];	/* 消除 applications filed (erase), malloc'd */
	size_t	 n_applications;
};

/*
 * Record a notification about holder_id: code (notify_reasons), the date of the fact (any
 * form reg_check takes; not after today), text (free, up to 200 characters; required for
 * the reasons whose code ends in -other). registration_id: the registration a loss is
 * about (required then, ignored otherwise). from: NOTIFY_FROM_*. Needs register.apply.
 *
 * erase: one event per live registration (status not erased), each naming it, and a 消除
 * application for it (reason code death, the date of the fact); a holder with no live
 * registration gets one event for the holder and no application. Otherwise one event.
 * Everything or nothing; out says what was filed (notify_filed_clear frees it).
 */
int	 notify_file(struct db *, const struct actor *, const char *, const char *,
	    const char *, const char *, const char *, const char *, struct notify_filed *,
	    char **);
void	 notify_filed_clear(struct notify_filed *);

/*
 * The certificates whose return (返還) a notification made expected and no return event
 * has recorded since: the registration's certificate number and the notification's date.
 */
struct notify_return {
	char	 registration_id[37];
	char	*certificate_number;
	char	*notified_on;
	char	*reason_code;
};

int	 notify_returns_expected(struct db *, const char *, struct notify_return **,
	    size_t *, char **);
void	 notify_returns_free(struct notify_return *, size_t);

#endif
