/*
 * What the review of a periodic check's 異動 proposes for the register (issue 25): a death
 * proposes the 消除 of the holder's live registrations, filed as a notification (届出) from
 * Juki-net; a name or address change proposes the differences as a correction (書換え when
 * the name changes), as before. A supervisor other than the reviewer approves either.
 */
#ifndef JUKI_PROPOSE_H
#define JUKI_PROPOSE_H

#include "juki/juki-view.h"

struct ui;

/* The key hint for kind (a juki_review_row kind), untranslated (N_()). */
const char *juki_propose_hint(const char *);
/*
 * Ask, then file what kind proposes for holder_id from the answer and its comparison;
 * desk: a supervisor at this desk then approves (F6). 0 if filed; the message line says
 * what happened either way.
 */
int	 juki_propose(struct ui *, const char *, const char *, const struct juki_result_row *,
	    const struct juki_cmp *, int);

#endif
