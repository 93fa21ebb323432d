/* Stored UTC times as local times in the configured date style. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "timestamp.h"
#include "valid.h"

int
timestamp_show(const char *stored, int era, int seconds, char *out, size_t len)
{
	struct tm	 tm;
	struct date	 d;
	time_t		 t;
	char		 day[DATE_ERA_SIZE], rest[16];
	int		 n = 0;

	memset(&tm, 0, sizeof tm);
	if (stored == NULL || sscanf(stored, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
	    !date_valid(tm.tm_year, tm.tm_mon, tm.tm_mday) || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		goto copy;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((t = timegm(&tm)) == (time_t)-1 || localtime_r(&t, &tm) == NULL)
		goto copy;
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	if (!era || date_format_era(&d, day) != 0)
		date_format_iso(&d, day);
	if (seconds)
		snprintf(rest, sizeof rest, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
	else
		snprintf(rest, sizeof rest, "%02d:%02d", tm.tm_hour, tm.tm_min);
	snprintf(out, len, "%s %s", day, rest);
	return 0;
copy:
	snprintf(out, len, "%s", stored != NULL ? stored : "");
	return -1;
}
