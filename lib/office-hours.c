/*
 * Parses office hours: "HH:MM-HH:MM DAYS", DAYS a comma-separated list of days (mon) and
 * ranges of days (mon-fri). A range runs forward within a week that starts on Sunday, as
 * strftime's %w counts: "sat-sun" is refused rather than read as a weekend.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "office-hours.h"
#include "xmalloc.h"

static const char *const day_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static int	 day_index(const char *, size_t);
static int	 time_of_day(const char *, int *);

static int
day_index(const char *s, size_t n)
{
	int	 i;

	for (i = 0; i < 7; i++) {
		if (n == 3 && strncmp(s, day_names[i], 3) == 0)
			return i;
	}
	return -1;
}

/* "HH:MM", 00:00 to 24:00. */
static int
time_of_day(const char *s, int *min)
{
	if (strlen(s) != 5 || s[2] != ':' || strspn(s, "0123456789:") != 5)
		return -1;
	*min = ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
	if ((s[3] - '0') > 5 || *min > 24 * 60)
		return -1;
	return 0;
}

int
office_hours_parse(const char *text, struct office_hours *oh, char **cause)
{
	char		 from[6], to[6], days[48], *item, *save, *dash;
	int		 a, b, used = 0;

	memset(oh, 0, sizeof *oh);
	if (sscanf(text, " %5[0-9:]-%5[0-9:] %47s %n", from, to, days, &used) != 3 ||
	    text[used] != '\0' || time_of_day(from, &oh->start_min) != 0 ||
	    time_of_day(to, &oh->end_min) != 0) {
		xasprintf(cause, _("office_hours must be like \"08:30-17:15 mon-fri\""));
		return -1;
	}
	if (oh->start_min >= oh->end_min) {
		xasprintf(cause, _("office_hours: %s is not before %s"), from, to);
		return -1;
	}
	snprintf(oh->text, sizeof oh->text, "%s-%s %s", from, to, days);
	for (item = strtok_r(days, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		dash = strchr(item, '-');
		a = day_index(item, dash != NULL ? (size_t)(dash - item) : strlen(item));
		b = dash != NULL ? day_index(dash + 1, strlen(dash + 1)) : a;
		if (a < 0 || b < 0 || b < a) {
			xasprintf(cause, _("office_hours: \"%s\" is not a day or a range of days "
			    "(sun mon tue wed thu fri sat, e.g. mon-fri)"), item);
			return -1;
		}
		for (; a <= b; a++)
			oh->days |= 1u << a;
	}
	return 0;
}
