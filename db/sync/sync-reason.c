/* A sync conflict's reason in each language (sync-reason.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sync/sync-reason.h"

void
sync_reason_word(struct sync_reason *r, sync_reason_fn fn, const void *arg)
{
	struct i18n_saved	 saved;

	i18n_switch("en", &saved);
	r->en = fn(arg);
	i18n_restore(&saved);
	i18n_switch("ja", &saved);
	r->ja = fn(arg);
	i18n_restore(&saved);
}

void
sync_reason_free(struct sync_reason *r)
{
	free(r->en);
	free(r->ja);
	memset(r, 0, sizeof *r);
}
