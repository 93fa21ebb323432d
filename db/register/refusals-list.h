/* db/register/: the register's data layer. May use: lib/, db/. */
#ifndef REFUSALS_LIST_H
#define REFUSALS_LIST_H

#include <stddef.h>

#include "accounts/accounts.h"
#include "db.h"

/*
 * One 交付拒否 of a registration application for a person not on the register (table
 * refusals, migration 0030): the applicant as the application names him, the reason code
 * in the reader's words (action_reasons), the reason as typed, the clerk who filed the
 * application and the supervisor who decided the refusal.
 */
struct refusal_row {
	char	 id[37];
	char	 application_id[37];
	char	*refusal_date;		/* YYYY-MM-DD */
	char	*applicant;		/* 姓 名 of the application */
	char	*reason;		/* the code's label, or the code without one */
	char	*reason_text;
	char	*created_by;
	char	*approved_by;
};

/*
 * Every refusal, newest first. The dates and reasons are 要配慮 (seed 000): needs
 * register.sensitive; each reading is audited (register.refusals) as other views of
 * personal data are, a denial too.
 */
int	 refusals_list(struct db *, const struct actor *, struct refusal_row **, size_t *,
	    char **);
void	 refusals_free(struct refusal_row *, size_t);

#endif
