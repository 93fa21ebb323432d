/*
 * Dates in Western and Japanese-era forms, checked against the calendar and the era
 * boundaries (SPEC §4). The era table and the choices behind it are described in valid.h.
 *
 * Input is folded to ASCII first (full-width digits and separators), then cut into tokens:
 * numbers, an era, separators (- / . 年 月 日). The token sequence decides the form, so "R7.4.1",
 * "令和 7 年 4 月 1 日" and "Ｒ０７．０４．０１" are parsed by the same code.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "i18n.h"
#include "valid.h"
#include "xmalloc.h"

#define MAX_TOKENS	10

enum tok_type {
	T_NUM,
	T_ERA,
	T_SEP,
	T_END
};

struct token {
	enum tok_type	 type;
	int		 value;		/* number, era index or separator */
	int		 digits;	/* of a number; 0 for 元 */
};

#define SEP_NEN		'Y'	/* 年 */
#define SEP_TSUKI	'M'	/* 月 */
#define SEP_NICHI	'D'	/* 日 */

static const struct era {
	const char	*name;
	char		 letter;
	const char	*sign;		/* the one-character era sign */
	struct date	 start;
	struct date	 end;		/* { 0 } for the era in force */
} eras[] = {
	{ "明治", 'M', "㍾", { 1868, 10, 23 }, { 1912, 7, 29 } },
	{ "大正", 'T', "㍽", { 1912, 7, 30 }, { 1926, 12, 24 } },
	{ "昭和", 'S', "㍼", { 1926, 12, 25 }, { 1989, 1, 7 } },
	{ "平成", 'H', "㍻", { 1989, 1, 8 }, { 2019, 4, 30 } },
	{ "令和", 'R', "㋿", { 2019, 5, 1 }, { 0, 0, 0 } },
};
#define NERAS	((int)(sizeof eras / sizeof eras[0]))

static int	tokenize(const char *, struct token *, char **);
static int	match_era(const char *, size_t *);
static void	era_text(int, int, int, int, char *, size_t);
static int	check_era(int, int, const struct date *, char **);
static int	format_error(char **);

int
date_days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

int
date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && d >= 1 && d <= date_days_in_month(y, m);
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil and civil_from_days. */
long
date_to_days(const struct date *dt)
{
	long	 y = dt->y - (dt->m <= 2), era, yoe, doy, doe;
	int	 m = dt->m;

	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + dt->d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
date_from_days(long z, struct date *dt)
{
	long	 era, doe, yoe, doy, mp, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dt->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt->y = (int)(y + (dt->m <= 2));
}

void
date_format_iso(const struct date *dt, char out[DATE_ISO_SIZE])
{
	unsigned	 y = (unsigned)dt->y % 10000, m = (unsigned)dt->m % 100;
	unsigned	 d = (unsigned)dt->d % 100;

	out[0] = '0' + y / 1000;
	out[1] = '0' + y / 100 % 10;
	out[2] = '0' + y / 10 % 10;
	out[3] = '0' + y % 10;
	out[4] = '-';
	out[5] = '0' + m / 10;
	out[6] = '0' + m % 10;
	out[7] = '-';
	out[8] = '0' + d / 10;
	out[9] = '0' + d % 10;
	out[10] = '\0';
}

/* "令和7年4月1日", with 元年 for the first year. */
static void
era_text(int era, int ey, int m, int d, char *out, size_t size)
{
	if (ey == 1)
		snprintf(out, size, "%s元年%d月%d日", eras[era].name, m, d);
	else
		snprintf(out, size, "%s%d年%d月%d日", eras[era].name, ey, m, d);
}

/* The era a valid date falls in (its index), or -1 for an invalid date or one before 明治. */
static int
era_of(const struct date *dt)
{
	int	 i;

	if (!date_valid(dt->y, dt->m, dt->d))
		return -1;
	for (i = NERAS - 1; i >= 0; i--) {
		if (date_cmp(dt, &eras[i].start) >= 0)
			break;
	}
	return i;
}

int
date_format_era(const struct date *dt, char out[DATE_ERA_SIZE])
{
	int	 i;

	out[0] = '\0';
	if ((i = era_of(dt)) < 0)
		return -1;
	era_text(i, dt->y - eras[i].start.y + 1, dt->m, dt->d, out, DATE_ERA_SIZE);
	return 0;
}

int
date_format_era_short(const struct date *dt, char out[DATE_ERA_SHORT_SIZE])
{
	int	 i;

	out[0] = '\0';
	if ((i = era_of(dt)) < 0)
		return -1;
	snprintf(out, DATE_ERA_SHORT_SIZE, "%c%02d.%02d.%02d", eras[i].letter,
	    dt->y - eras[i].start.y + 1, dt->m, dt->d);
	return 0;
}

/* The era whose name or sign starts s: its index and *len, or -1. */
static int
match_era(const char *s, size_t *len)
{
	int	 i;

	for (i = 0; i < NERAS; i++) {
		if (strncmp(s, eras[i].name, strlen(eras[i].name)) == 0) {
			*len = strlen(eras[i].name);
			return i;
		}
		if (strncmp(s, eras[i].sign, strlen(eras[i].sign)) == 0) {
			*len = strlen(eras[i].sign);
			return i;
		}
		if (*s == eras[i].letter || *s == eras[i].letter - 'A' + 'a') {
			*len = 1;
			return i;
		}
	}
	return -1;
}

static int
tokenize(const char *s, struct token *t, char **cause)
{
	const char	*p = s;
	size_t		 n, len;
	int		 nt = 0, era;
	char		 desc[VALID_DESC_SIZE];

	while (*p != '\0') {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (nt == MAX_TOKENS - 1)
			return format_error(cause);
		if (*p >= '0' && *p <= '9') {
			t[nt].type = T_NUM;
			t[nt].value = 0;
			for (n = 0; p[n] >= '0' && p[n] <= '9'; n++) {
				if (n < 8)
					t[nt].value = t[nt].value * 10 + (p[n] - '0');
			}
			if (n > 8)
				return format_error(cause);
			t[nt++].digits = (int)n;
			p += n;
		} else if (strncmp(p, "元", strlen("元")) == 0) {
			t[nt].type = T_NUM;
			t[nt].value = 1;
			t[nt++].digits = 0;
			p += strlen("元");
		} else if ((era = match_era(p, &len)) >= 0) {
			t[nt].type = T_ERA;
			t[nt++].value = era;
			p += len;
		} else if (*p == '-' || *p == '/' || *p == '.') {
			t[nt].type = T_SEP;
			t[nt++].value = *p++;
		} else if (strncmp(p, "年", strlen("年")) == 0) {
			t[nt].type = T_SEP;
			t[nt++].value = SEP_NEN;
			p += strlen("年");
		} else if (strncmp(p, "月", strlen("月")) == 0) {
			t[nt].type = T_SEP;
			t[nt++].value = SEP_TSUKI;
			p += strlen("月");
		} else if (strncmp(p, "日", strlen("日")) == 0) {
			t[nt].type = T_SEP;
			t[nt++].value = SEP_NICHI;
			p += strlen("日");
		} else {
			valid_char_desc(s, p - s, desc);
			xasprintf(cause, _("character %zu (%s) cannot be part of a date"),
			    valid_char_pos(s, p - s), desc);
			return -1;
		}
	}
	t[nt].type = T_END;
	return 0;
}

static int
format_error(char **cause)
{
	xasprintf(cause, _("not a date: write it as 2025-04-01, 令和7年4月1日 or R7.4.1"));
	return -1;
}

/* Whether the date (era year ey of era) lies inside the era, with the right form if not. */
static int
check_era(int era, int ey, const struct date *dt, char **cause)
{
	const struct era	*e = &eras[era];
	char			 typed[DATE_ERA_SIZE], right[DATE_ERA_SIZE];
	char			 bound[DATE_ISO_SIZE];

	era_text(era, ey, dt->m, dt->d, typed, sizeof typed);
	if (date_cmp(dt, &e->start) < 0) {
		date_format_iso(&e->start, bound);
		/*
		 * TRANSLATORS: the date as typed (平成元年1月7日), the era (平成), the
		 * era's first day (1989-01-08) and the same day in its right era.
		 */
		if (date_format_era(dt, right) != 0) {
			xasprintf(cause, _("%s is before the start of %s (%s)"), typed, e->name,
			    bound);
		} else {
			xasprintf(cause, _("%s is before the start of %s (%s); use %s"), typed,
			    e->name, bound, right);
		}
		return -1;
	}
	if (e->end.y != 0 && date_cmp(dt, &e->end) > 0) {
		date_format_iso(&e->end, bound);
		date_format_era(dt, right);
		/* TRANSLATORS: 平成31年5月1日, 平成, 2019-04-30, 令和元年5月1日. */
		xasprintf(cause, _("%s is after the end of %s (%s); use %s"), typed, e->name,
		    bound, right);
		return -1;
	}
	return 0;
}

int
valid_date(const char *in, struct date *out, char **cause)
{
	struct token	 t[MAX_TOKENS], *y, *m, *d;
	struct date	 dt;
	char		*folded, *s;
	int		 i = 0, era = -1, rc = -1, nen;

	if ((folded = valid_fold(in, cause)) == NULL)
		return -1;
	s = valid_trim(folded);
	if (*s == '\0') {
		xasprintf(cause, _("enter a date such as 2025-04-01, 令和7年4月1日 or "
		    "R7.4.1"));
		goto out;
	}
	if (tokenize(folded, t, cause) != 0)
		goto out;
	if (t[0].type == T_ERA)
		era = t[i++].value;

	/* 20250401 and R070401. */
	if (t[i].type == T_NUM && t[i + 1].type == T_END) {
		if (era < 0 && t[i].digits == 8) {
			dt.y = t[i].value / 10000;
		} else if (era >= 0 && t[i].digits == 6)
			dt.y = t[i].value / 10000;
		else {
			format_error(cause);
			goto out;
		}
		dt.m = t[i].value / 100 % 100;
		dt.d = t[i].value % 100;
		y = &t[i];
		goto check;
	}

	/* Year, separator, month, separator, day, and 日 after 年 and 月. */
	if (t[i].type != T_NUM || t[i + 1].type != T_SEP || t[i + 2].type != T_NUM ||
	    t[i + 3].type != T_SEP || t[i + 4].type != T_NUM) {
		format_error(cause);
		goto out;
	}
	y = &t[i];
	m = &t[i + 2];
	d = &t[i + 4];
	nen = t[i + 1].value == SEP_NEN;
	if (nen ? t[i + 3].value != SEP_TSUKI :
	    t[i + 1].value == SEP_TSUKI || t[i + 1].value == SEP_NICHI ||
	    t[i + 3].value != t[i + 1].value) {
		format_error(cause);
		goto out;
	}
	i += 5;
	if (nen && t[i].type == T_SEP && t[i].value == SEP_NICHI)
		i++;
	if (t[i].type != T_END || m->digits == 0 || m->digits > 2 || d->digits == 0 ||
	    d->digits > 2) {
		format_error(cause);
		goto out;
	}
	dt.y = y->value;
	dt.m = m->value;
	dt.d = d->value;

check:
	if (era < 0) {
		if (y->digits != 8 && y->digits != 4) {
			xasprintf(cause, _("write the year with 4 digits (2025) or with an "
			    "era (令和7年)"));
			goto out;
		}
		if (dt.y < 1000) {
			xasprintf(cause, _("the year must be between 1000 and 9999"));
			goto out;
		}
	} else {
		if (y->digits > 2 && y->digits != 6) {
			xasprintf(cause, _("an era year has at most 2 digits"));
			goto out;
		}
		if (dt.y == 0) {
			xasprintf(cause, _("there is no year 0 of %s: its first year is %s元年"),
			    eras[era].name, eras[era].name);
			goto out;
		}
		dt.y += eras[era].start.y - 1;
	}
	if (dt.m < 1 || dt.m > 12) {
		xasprintf(cause, _("there is no month %d"), dt.m);
		goto out;
	}
	if (dt.d < 1 || dt.d > date_days_in_month(dt.y, dt.m)) {
		xasprintf(cause, _("there is no day %d in %04d-%02d (the month has %d days)"),
		    dt.d, dt.y, dt.m, date_days_in_month(dt.y, dt.m));
		goto out;
	}
	if (era >= 0 && check_era(era, dt.y - eras[era].start.y + 1, &dt, cause) != 0)
		goto out;
	*out = dt;
	rc = 0;

out:
	free(folded);
	return rc;
}

void
date_today(struct date *d)
{
	struct timespec	 now;
	struct tm	 tm;
	time_t		 t;

	clock_now(&now);
	t = now.tv_sec;
	localtime_r(&t, &tm);
	d->y = tm.tm_year + 1900;
	d->m = tm.tm_mon + 1;
	d->d = tm.tm_mday;
}

const char *
date_shown(const char *day, int era, char buf[DATE_ERA_SIZE])
{
	struct date	 d;
	int		 n = 0;

	if (day == NULL || *day == '\0')
		snprintf(buf, DATE_ERA_SIZE, "-");
	else if (!era || sscanf(day, "%4d-%2d-%2d%n", &d.y, &d.m, &d.d, &n) != 3 || n != 10 ||
	    day[10] != '\0' || date_format_era(&d, buf) != 0)
		snprintf(buf, DATE_ERA_SIZE, "%s", day);
	return buf;
}
