/*
 * The sync state on the title line (SPEC §10): when the last sync succeeded, how many
 * changes wait, whether the terminal is offline, open conflicts. Read from the local
 * database, which the background sync process updates; a read costs a few index lookups,
 * and is done at most every few seconds, so typing never waits for it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config-file.h"
#include "i18n.h"
#include "screens.h"
#include "sync/sync-line.h"
#include "sync/sync-store.h"
#include "timestamp.h"
#include "xmalloc.h"

#define SYNC_LINE_EVERY	3	/* seconds between reads */

static char	*sync_line_text;
static char	*sync_line_short_text;
static time_t	 sync_line_read;

/*
 * "2026-04-01T09:30:12.345Z" as local "09:30", or, if not today, the date before it as
 * date_style says ("R08.04.01 09:30").
 */
static void
local_time(struct ui *ui, const char *iso, char *out, size_t len)
{
	struct tm	 tm, now_tm;
	time_t		 t, now = time(NULL);

	memset(&tm, 0, sizeof tm);
	if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm) == NULL) {
		snprintf(out, len, "?");
		return;
	}
	t = timegm(&tm);
	localtime_r(&t, &tm);
	localtime_r(&now, &now_tm);
	if (tm.tm_year == now_tm.tm_year && tm.tm_yday == now_tm.tm_yday)
		strftime(out, len, "%H:%M", &tm);
	else
		ui_time_text(ui, iso, UI_TIME_SHORT, out, len);
}

/* From 80 % of an offline limit: what is left of the nearer one (SPEC §10). */
static char *
sync_line_limit(const struct sync_limits *l)
{
	char	*text;
	int64_t	 changes = l->max_pending - l->pending;
	int	 days = (int)(l->max_days - l->days);

	if (l->over)
		xasprintf(&text, "%s", _("LIMIT passed: applications wait"));
	else if (l->pending * 5 >= (int64_t)l->max_pending * 4)
		xasprintf(&text, _("LIMIT: %lld changes left"), (long long)changes);
	else
		xasprintf(&text, _("LIMIT: %d days left"), days);
	return text;
}

/*
 * The full text, and in *shortp what to show when it does not fit beside a long title:
 * the offline limit's warning if there is one, else the state word and the pending count.
 */
static char *
sync_line_format(struct ui *ui, const struct sync_state *st, const struct sync_limits *l,
    char **shortp)
{
	char	 when[TIMESTAMP_SHOW_SIZE], *text, *more;

	if (st->last_attempt_at == NULL)
		xasprintf(&text, _("Not synced yet"));
	else if (st->last_error == NULL) {
		local_time(ui, st->last_success_at, when, sizeof when);
		xasprintf(&text, _("Synced %s"), when);
	} else if (st->last_success_at != NULL) {
		local_time(ui, st->last_success_at, when, sizeof when);
		if (st->online)
			xasprintf(&text, _("Sync error (last success %s)"), when);
		else
			xasprintf(&text, _("OFFLINE (last success %s)"), when);
	} else
		xasprintf(&text, st->online ? _("Sync error") : _("OFFLINE"));
	/* The short form: the state without the time of the last success, and the count. */
	xasprintf(shortp, _("%s · pending %lld"), st->last_attempt_at == NULL ?
	    _("Not synced yet") : st->last_error == NULL ? _("Synced") : st->online ?
	    _("Sync error") : _("OFFLINE"), (long long)st->pending);
	xasprintf(&more, _("%s · pending %lld"), text, (long long)st->pending);
	free(text);
	text = more;
	if (st->conflicts > 0) {
		xasprintf(&more, _("%s · conflicts %lld"), text, (long long)st->conflicts);
		free(text);
		text = more;
	}
	if (l != NULL && l->warn) {
		char	*limit = sync_line_limit(l);

		xasprintf(&more, "%s · %s", text, limit);
		free(*shortp);
		*shortp = limit;
		free(text);
		text = more;
	}
	return text;
}

/* The text for the title line, or NULL when this terminal does not sync. */
const char *
sync_line(struct ui *ui)
{
	if (ui_db(ui) == NULL || ui_config(ui)->sync_host == NULL ||
	    *ui_config(ui)->sync_host == '\0')
		return NULL;
	if (sync_line_text == NULL)
		(void)sync_line_tick(ui);
	return sync_line_text;
}

/* What fits when the whole line does not: see sync_line_format. */
const char *
sync_line_short(struct ui *ui)
{
	return sync_line(ui) != NULL ? sync_line_short_text : NULL;
}

/* While no key comes: reads the state again now and then; nonzero when it changed. */
int
sync_line_tick(struct ui *ui)
{
	struct sync_state	 st;
	struct sync_limits	 l;
	struct config		*c = ui_config(ui);
	char			*text;
	time_t			 now = time(NULL);
	int			 changed;

	if (ui_db(ui) == NULL || ui_config(ui)->sync_host == NULL ||
	    *ui_config(ui)->sync_host == '\0')
		return 0;
	if (sync_line_text != NULL && now - sync_line_read < SYNC_LINE_EVERY)
		return 0;
	sync_line_read = now;
	if (sync_state_read(ui_db(ui), &st, NULL) != 0)
		return 0;
	free(sync_line_short_text);
	text = sync_line_format(ui, &st, sync_limits_read(ui_db(ui), c->max_offline_days,
	    c->max_pending_changes, &l, NULL) == 0 ? &l : NULL, &sync_line_short_text);
	sync_state_clear(&st);
	changed = sync_line_text == NULL || strcmp(text, sync_line_text) != 0;
	free(sync_line_text);
	sync_line_text = text;
	return changed;
}
