/* Labels for the registers' SQL (compliance-labels.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "accounts/accounts.h"
#include "accounts/procedures.h"
#include "compliance/compliance-labels.h"
#include "compliance/compliance-registers.h"
#include "db-internal.h"
#include "i18n.h"
#include "import/import-requests.h"
#include "retention/retention.h"
#include "valid.h"

static void
sql_day_styled(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const int	*era = sqlite3_user_data(ctx);
	char		 shown[DATE_ERA_SIZE];

	(void)argc;
	sqlite3_result_text(ctx, date_shown((const char *)sqlite3_value_text(argv[0]), *era,
	    shown), -1, SQLITE_TRANSIENT);
}

static void
sql_code_shown(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char	*domain = (const char *)sqlite3_value_text(argv[0]);
	const char	*code = (const char *)sqlite3_value_text(argv[1]);
	const char	*label = NULL;

	(void)argc;
	if (domain == NULL || code == NULL) {
		sqlite3_result_value(ctx, argv[1]);
		return;
	}
	if (strcmp(domain, "training") == 0)
		label = training_kind_label(code);
	else if (strcmp(domain, "enquiry") == 0)
		label = enquiry_kind_label(code);
	else if (strcmp(domain, "import") == 0)
		label = import_kind_label(code);
	else if (strcmp(domain, "import_status") == 0)
		label = import_status_label(code);
	else if (strcmp(domain, "erasure") == 0)
		label = retention_kind_label(code);
	sqlite3_result_text(ctx, label != NULL ? label : code, -1, SQLITE_TRANSIENT);
}

static void
sql_roles_shown(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db	*db = sqlite3_user_data(ctx);
	const char	*roles = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (roles == NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, role_labels(db, roles), -1, free);
}

static void
sql_procedures_shown(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db	*db = sqlite3_user_data(ctx);
	const char	*list = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (list == NULL)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_text(ctx, procedure_labels(db, list, i18n_japanese()), -1, free);
}

int
compliance_labels_register(struct db *db, int era, char **cause)
{
	static const int	 western = 0, wareki = 1;
	static const struct {
		const char	*name;
		int		 args;
		void		(*fn)(sqlite3_context *, int, sqlite3_value **);
	} fns[] = {
		{ "code_shown", 2, sql_code_shown },
		{ "roles_shown", 1, sql_roles_shown },
		{ "procedures_shown", 1, sql_procedures_shown },
	};
	size_t	 i;

	for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		if (sqlite3_create_function(db->h, fns[i].name, fns[i].args, SQLITE_UTF8, db,
		    fns[i].fn, NULL, NULL) != SQLITE_OK)
			return db_fail(db, cause, _("cannot read the register"));
	}
	if (sqlite3_create_function(db->h, "day_styled", 1, SQLITE_UTF8, (void *)(era ?
	    &wareki : &western), sql_day_styled, NULL, NULL) != SQLITE_OK)
		return db_fail(db, cause, _("cannot read the register"));
	return 0;
}
