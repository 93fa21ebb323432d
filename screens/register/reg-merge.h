/* screens/register/: the register's screens.
 * May use: lib/, db/, app/, screens/. */
#ifndef REG_MERGE_H
#define REG_MERGE_H

#include "register/register.h"
#include "ui.h"

/*
 * g on the holder's screen (名寄せ, issue 25): on a merged holder, apply for the split;
 * on another, apply for its merge into the holder the clerk names (a candidate of the
 * duplicate check by its number, a holder id or a certificate number), with a reason.
 * 0 when an application was filed, -1 when not (the message line says why).
 */
int	 reg_merge_ask(struct ui *, const struct holder_view *);

/*
 * The holder screen's note on merges: "Merged into ..." on a merged holder, the holders
 * merged into this one on the kept holder; each allocated, or NULL when there is none.
 */
void	 reg_merge_note(struct ui *, const char *, char **, char **);

/* A merge or split application's other holder, as the approval shows it (allocated). */
char	*reg_merge_describe(struct ui *, const struct application *);

/*
 * A 'merge' or 'split' event's line in the holder's history: the other holder by name and
 * the registrations moved by their certificate numbers (allocated), or NULL for an event
 * of another kind.
 */
char	*reg_merge_event_detail(struct ui *, const struct event_view *);

/*
 * Before a supervisor approves a registration for a new holder: the holders the register
 * holds now that the person may be. None: 0 and *different NULL. Some: they are shown
 * (each showing audited) and the supervisor gives the reason why the person is different:
 * 0 and *different (allocated); -1 when the supervisor did not (nothing is decided).
 */
int	 reg_merge_approval_dups(struct ui *, const char *, char **);

#endif
