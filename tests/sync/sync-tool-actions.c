/*
 * sync-tool's administrative actions (issue 25), through the same calls as the desk:
 *
 *	sync-tool --config FILE action REGISTRATION_ID ACTION DATE UNTIL|- CODE
 *					the clerk files the action, the supervisor approves
 *	sync-tool --config FILE refuse-new DATE CODE
 *					the clerk files a registration for a person not
 *					in the register, the supervisor refuses it (交付拒否);
 *					prints the application's id
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "db-internal.h"
#include "register/register-actions.h"
#include "register/register.h"
#include "sync-tool-actions.h"

#define KV(k, v)	{ (char *)(k), (char *)(v) }

int
tool_action(struct db *db, const struct actor *clerk, const struct actor *supervisor,
    char **argv, char **cause)
{
	struct reg_action	 a;
	char			 id[37];

	a.action = argv[1];
	a.date = argv[2];
	a.until = strcmp(argv[3], "-") == 0 ? NULL : argv[3];
	a.reason_code = argv[4];
	a.reason_text = "同期試験";
	if (action_submit(db, clerk, argv[0], &a, id, cause) != 0)
		return -1;
	return application_decide(db, supervisor, id, 1, "ok", cause);
}

int
tool_refuse_new(struct db *db, const struct actor *clerk, const struct actor *supervisor,
    const char *date, const char *code, char **cause)
{
	static const struct reg_value v[] = {
		KV("family_name", "拒否"), KV("given_name", "花子"),
		KV("family_kana", "キョヒ"), KV("given_kana", "ハナコ"),
		KV("sex", "2"), KV("birth_date", "1991-04-01"),
		KV("address1", "東京都千代田区"), KV("honseki_pref", "13"),
		KV("qualification", "1"), KV("application_date", "2024-04-01"),
		KV("reception_date", "2024-04-02"), KV("issue_date", "2024-05-01"),
		KV("route", "exam"),
	};
	char			 id[37];

	if (application_submit(db, clerk, APP_REGISTRATION, NULL, NULL, v,
	    sizeof v / sizeof v[0], id, cause) != 0 ||
	    registration_refuse(db, supervisor, id, date, code, "同期試験の事由", cause) != 0)
		return -1;
	printf("%s\n", id);
	return 0;
}
