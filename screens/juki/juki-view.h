/*
 * What the Juki-net screens share: an answer beside the record, differences marked, and
 * taking the differences over as a correction application for a supervisor.
 */
#ifndef JUKI_VIEW_H
#define JUKI_VIEW_H

#include "juki/juki-compare.h"
#include "juki/juki-store.h"

struct ui;

/* The comparison of holder_id's record with one answer; -1 (message set) if unreadable. */
int	 juki_view_load(struct ui *, const char *, const struct juki_result_row *,
	    struct juki_cmp *);
/* Draw it from line y; returns the next free line. */
int	 juki_view_draw(struct ui *, const struct juki_cmp *, const struct juki_result_row *,
	    int);
/*
 * Ask, then submit the differences as a correction application; desk: a supervisor at
 * this desk then approves it (F6). 0 if submitted; the message line says what happened
 * either way.
 */
int	 juki_view_apply(struct ui *, const char *, const struct juki_cmp *, int);

#endif
