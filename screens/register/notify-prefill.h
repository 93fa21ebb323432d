/*
 * What a notification (届出) already says, for the form it opens: the correction form of a
 * 書換え (the date of the fact and why) or the reissue form of a lost certificate (the
 * reason and its details). Set just before the screen is pushed (its init runs within
 * ui_push) and cleared after, so that no other form ever takes it.
 *
 * The values are typed into the fields, not made the form's reference: a form that sends
 * only what changed sends them, as if the clerk had typed them.
 */
#ifndef NOTIFY_PREFILL_H
#define NOTIFY_PREFILL_H

#include <stddef.h>

#include "register/regform.h"

void	 notify_prefill_set(const struct reg_value *, size_t);
void	 notify_prefill_clear(void);
/* Into the fields of rf whose items the pending values name; nothing if none pend. */
void	 notify_prefill_apply(struct regform *);

#endif
