/*
 * The answers of a result file as the table juki_answers of a connection (see
 * juki-answers.c): record, request_no, seq, id, review_id, kind, then the answer's items
 * as juki_results stores them.
 */
#ifndef JUKI_ANSWERS_H
#define JUKI_ANSWERS_H

#include "db.h"
#include "juki.h"

struct juki_feed {
	const struct juki_result_file	*f;
	char				(*ids)[37];		/* juki_results.id per answer */
	char				(*review_ids)[37];	/* juki_review.id, if one is made */
	const char			**kinds;		/* review kind, or NULL */
};

/* Show feed (NULL: nothing) as juki_answers on this connection; the caller keeps it. */
int	 juki_answers_feed(struct db *, const struct juki_feed *, char **);

#endif
