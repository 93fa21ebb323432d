/*
 * The audit side of a rejected Juki file. A failure to audit is kept in the context rather
 * than lost: the caller must not carry on as if the rejection had been recorded.
 */
#include "config.h"

#include <stdlib.h>

#include "audit/audit.h"
#include "juki/juki-audit.h"

void
juki_audit_db(void *arg, const char *action, const char *target, const char *result,
    const char *detail)
{
	struct juki_audit_ctx	*ctx = arg;
	struct audit_event	 ev = {
		.tty = ctx->tty != NULL ? ctx->tty : "",
		.user = ctx->user != NULL ? ctx->user : "system",
		.role = ctx->role != NULL ? ctx->role : "",
		.action = action,
		.target = target,
		.result = result,
		.detail = detail,
	};
	char			*cause = NULL;

	if (audit_append(ctx->db, &ev, &cause) != 0) {
		ctx->failed = 1;
		free(ctx->cause);
		ctx->cause = cause;
	}
}
