/*
 * A Juki-net answer beside the register's record. See juki-compare.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charconv.h"
#include "i18n.h"
#include "juki.h"
#include "juki/juki-compare.h"
#include "juki/juki-store.h"
#include "register/register-items.h"
#include "valid.h"
#include "xmalloc.h"

#define IDEOGRAPHIC_SPACE	"\xe3\x80\x80"	/* U+3000 between family and given name */
#define GETA			"\xe3\x80\x93"	/* 〓: a 外字 Juki-net could not send */

static const char *value_of(const struct reg_value *, size_t, const char *);
static char	*joined(const char *, const char *, const char *);
static char	*shown(const char *, const char *, int);
static char	*iso_date(uint32_t);
static void	 add_change(struct juki_cmp *, const char *, const char *);
static void	 split_name(const char *, char **, char **);
static size_t	 municipality_end(const char *);
static size_t	 char_len(const char *);

/* Bytes of the UTF-8 character at p (1 for a stray byte, so that loops move on). */
static size_t
char_len(const char *p)
{
	size_t	 n = charconv_utf8_seqlen((const unsigned char *)p, strlen(p));

	return n > 0 ? n : 1;
}

static const char *
value_of(const struct reg_value *v, size_t n, const char *key)
{
	const char	*s = reg_values_get(v, n, key);

	return s != NULL ? s : "";
}

static char *
joined(const char *a, const char *sep, const char *b)
{
	char	*s;

	xasprintf(&s, "%s%s%s", a, *b != '\0' ? sep : "", b);
	return s;
}

/* A stored value as a person reads it (dates in the era, sex in words). */
static char *
shown(const char *key, const char *value, int era)
{
	const struct reg_item	*item = reg_item_find(reg_holder_items, key);

	if (item == NULL || *value == '\0')
		return xstrdup(value);
	return reg_display(item, value, era);
}

static char *
iso_date(uint32_t d)
{
	char	*s;

	if (d == 0)
		return xstrdup("");
	xasprintf(&s, "%04u-%02u-%02u", d / 10000, d / 100 % 100, d % 100);
	return s;
}

static void
add_change(struct juki_cmp *c, const char *key, const char *value)
{
	c->changes = xreallocarray(c->changes, c->n_changes + 1, sizeof *c->changes);
	c->changes[c->n_changes].key = xstrdup(key);
	c->changes[c->n_changes].value = xstrdup(value);
	c->n_changes++;
}

static void
split_name(const char *name, char **family, char **given)
{
	const char	*sp = strstr(name, IDEOGRAPHIC_SPACE);

	if (sp == NULL && (sp = strchr(name, ' ')) == NULL) {
		*family = xstrdup(name);
		*given = xstrdup("");
		return;
	}
	*family = xstrndup(name, (size_t)(sp - name));
	*given = xstrdup(sp + (*sp == ' ' ? 1 : strlen(IDEOGRAPHIC_SPACE)));
}

/*
 * Where the municipality ends in an address that starts with its prefecture: after the
 * first 市, 区, 町 or 村 (after 郡 for a 郡 address), taking a designated city's ward
 * (札幌市中央区) with it. 0 if none is found in the first twelve characters.
 */
static size_t
municipality_end(const char *a)
{
	static const char *const ends[] = { "市", "区", "町", "村", NULL };
	const char	*p = a, *const *e;
	size_t		 len, chars;
	int		 county = 0;

	for (chars = 0; *p != '\0' && chars < 12; chars++) {
		if (strncmp(p, "郡", 3) == 0)
			county = 1;
		for (e = ends; *e != NULL; e++) {
			if (strncmp(p, *e, 3) != 0 || (county && strcmp(*e, "市") == 0))
				continue;
			len = (size_t)(p - a) + 3;
			/* A ward of a designated city follows its 市 within four characters. */
			if (strcmp(*e, "市") == 0) {
				const char	*q = p + 3;
				int		 k;

				for (k = 0; k < 4 && *q != '\0'; k++) {
					q += char_len(q);
					if (strncmp(q, "区", 3) == 0)
						return (size_t)(q - a) + 3;
				}
			}
			return len;
		}
		p += char_len(p);
	}
	return 0;
}

void
juki_split_address(const char *address, const char *old1, char **a1, char **a2)
{
	const char	*rest;
	int		 code;
	size_t		 end;

	if (old1 != NULL && *old1 != '\0' && strncmp(address, old1, strlen(old1)) == 0) {
		*a1 = xstrdup(old1);
		*a2 = xstrdup(address + strlen(old1));
		return;
	}
	rest = address;
	for (code = 1; prefecture_name(code) != NULL; code++) {
		if (strncmp(address, prefecture_name(code),
		    strlen(prefecture_name(code))) == 0) {
			rest = address + strlen(prefecture_name(code));
			break;
		}
	}
	if ((end = municipality_end(rest)) == 0) {
		*a1 = xstrdup(address);
		*a2 = xstrdup("");
		return;
	}
	*a1 = xstrndup(address, (size_t)(rest - address) + end);
	*a2 = xstrdup(rest + end);
}

void
juki_cmp_build(struct juki_cmp *c, const struct reg_value *v, size_t n,
    const struct juki_result_row *r, int era, const char *today)
{
	struct juki_cmp_row	*row;
	char			*reg_name, *reg_kana, *reg_addr, *juki_birth, *family, *given;
	char			*a1, *a2, sex[2], *when, *reason;
	const char		*birth = value_of(v, n, "birth_date");

	memset(c, 0, sizeof *c);
	c->gaiji = r->gaiji > 0 || strstr(r->name, GETA) != NULL ||
	    strstr(r->address, GETA) != NULL;
	reg_name = joined(value_of(v, n, "family_name"), IDEOGRAPHIC_SPACE,
	    value_of(v, n, "given_name"));
	reg_kana = joined(value_of(v, n, "family_kana"), IDEOGRAPHIC_SPACE,
	    value_of(v, n, "given_kana"));
	reg_addr = joined(value_of(v, n, "address1"), "", value_of(v, n, "address2"));
	juki_birth = iso_date(r->birth);
	snprintf(sex, sizeof sex, "%d", r->sex);

	row = &c->rows[JUKI_CMP_NAME];
	row->label = _("Name");
	row->registered = reg_name;
	row->juki = xstrdup(r->name);
	row = &c->rows[JUKI_CMP_KANA];
	row->label = _("Name (kana)");
	row->registered = reg_kana;
	row->juki = xstrdup(r->kana);
	row = &c->rows[JUKI_CMP_BIRTH];
	row->label = _("Birth date");
	row->registered = shown("birth_date", birth, era);
	row->juki = shown("birth_date", juki_birth, era);
	row->differs = r->birth != 0 && strcmp(birth, juki_birth) != 0;
	row = &c->rows[JUKI_CMP_SEX];
	row->label = _("Sex");
	row->registered = shown("sex", value_of(v, n, "sex"), era);
	row->juki = r->sex != 0 ? shown("sex", sex, era) : xstrdup("");
	row->differs = r->sex != 0 && strcmp(value_of(v, n, "sex"), sex) != 0;
	row = &c->rows[JUKI_CMP_ADDRESS];
	row->label = _("Address");
	row->registered = joined(reg_addr, " ", value_of(v, n, "address3"));
	row->juki = xstrdup(r->address);
	row->differs = *r->address != '\0' && strcmp(reg_addr, r->address) != 0;
	row = &c->rows[JUKI_CMP_MUNICIPALITY];
	row->label = _("Municipality code");
	row->registered = xstrdup(value_of(v, n, "municipality_code"));
	row->juki = xstrdup(r->municipality);
	row->differs = *r->municipality != '\0' &&
	    strcmp(value_of(v, n, "municipality_code"), r->municipality) != 0;
	c->rows[JUKI_CMP_NAME].differs = *r->name != '\0' && strcmp(reg_name, r->name) != 0;
	c->rows[JUKI_CMP_KANA].differs = *r->kana != '\0' && strcmp(reg_kana, r->kana) != 0;

	when = iso_date(r->reason_date);
	xasprintf(&c->status, "%s%s%s%s%s", juki_alive_name((enum juki_alive)r->alive),
	    r->reason != 0 ? " / " : "", r->reason != 0 ?
	    juki_reason_name((enum juki_reason)r->reason) : "", *when != '\0' ? " " : "",
	    when);

	/* The correction: what Juki-net says, where it differs and can be taken over. */
	if (c->rows[JUKI_CMP_NAME].differs) {
		if (strstr(r->name, GETA) != NULL)
			xasprintf(&c->not_applied, _("the name holds 外字 (〓): take it from "
			    "the documents"));
		else {
			split_name(r->name, &family, &given);
			if (strcmp(family, value_of(v, n, "family_name")) != 0)
				add_change(c, "family_name", family);
			if (strcmp(given, value_of(v, n, "given_name")) != 0)
				add_change(c, "given_name", given);
			free(family);
			free(given);
		}
	}
	if (c->rows[JUKI_CMP_KANA].differs) {
		split_name(r->kana, &family, &given);
		if (strcmp(family, value_of(v, n, "family_kana")) != 0)
			add_change(c, "family_kana", family);
		if (strcmp(given, value_of(v, n, "given_kana")) != 0)
			add_change(c, "given_kana", given);
		free(family);
		free(given);
	}
	if (c->rows[JUKI_CMP_BIRTH].differs)
		add_change(c, "birth_date", juki_birth);
	if (c->rows[JUKI_CMP_SEX].differs)
		add_change(c, "sex", sex);
	if (c->rows[JUKI_CMP_ADDRESS].differs) {
		if (strstr(r->address, GETA) != NULL) {
			free(c->not_applied);
			xasprintf(&c->not_applied, _("the address holds 外字 (〓): take it "
			    "from the documents"));
		} else {
			juki_split_address(r->address, value_of(v, n, "address1"), &a1, &a2);
			if (strcmp(a1, value_of(v, n, "address1")) != 0)
				add_change(c, "address1", a1);
			if (strcmp(a2, value_of(v, n, "address2")) != 0)
				add_change(c, "address2", a2);
			/* Juki-net has no building name: the old one belongs to the old home. */
			if (*value_of(v, n, "address3") != '\0')
				add_change(c, "address3", "");
			free(a1);
			free(a2);
		}
	}
	if (c->rows[JUKI_CMP_MUNICIPALITY].differs)
		add_change(c, "municipality_code", r->municipality);
	for (row = c->rows; row < c->rows + JUKI_CMP_COUNT; row++)
		c->differences += row->differs;
	if (c->n_changes > 0) {
		add_change(c, "event_date", *when != '\0' ? when : today);
		/*
		 * Why, as codes: the answer's result and reason, which every reader sees in
		 * their language (screen-reg-holder.c), not the words of the clerk's.
		 */
		add_change(c, "correction_reason", "juki-answer");
		xasprintf(&reason, "%d:%d", r->result_code, r->reason);
		add_change(c, "reason_text", reason);
		free(reason);
	}
	free(when);
	free(juki_birth);
	free(reg_addr);
}

void
juki_cmp_free(struct juki_cmp *c)
{
	int	 i;

	for (i = 0; i < JUKI_CMP_COUNT; i++) {
		free(c->rows[i].registered);
		free(c->rows[i].juki);
	}
	free(c->status);
	free(c->not_applied);
	reg_values_free(c->changes, c->n_changes);
	memset(c, 0, sizeof *c);
}
