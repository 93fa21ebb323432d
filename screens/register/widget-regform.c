/* The register's forms: fields from item tables, checked by the items' own rules. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card-dialog.h"
#include "i18n.h"
#include "register/regform.h"
#include "xmalloc.h"

static char	*regform_rule(const struct reg_item *);

/*
 * What a field takes, in words, for F1: the same rule reg_check applies (register-items.c),
 * from the item's kind, length and flags, so that help and check cannot disagree on what
 * is required or how long a value may be.
 */
static char *
regform_rule(const struct reg_item *it)
{
	const struct reg_code	*codes;
	const char		*what = NULL;
	char			*list = NULL, *next, *rule;
	int			 i;

	switch (it->kind) {
	case REG_TEXT:
		what = _("text on one line");
		break;
	case REG_REMARKS:
		what = _("text");
		break;
	case REG_KANA:
		what = _("katakana (hiragana and half-width kana are converted)");
		break;
	case REG_DATE:
		what = _("a date: 2025-04-01, 令和7年4月1日 or R7.4.1");
		break;
	case REG_SEX:
		what = _("1 or 男 (male), 2 or 女 (female), 9 or 未記載 (not stated)");
		break;
	case REG_PREFECTURE:
		what = _("the prefecture's code (01 to 47) or its name");
		break;
	case REG_POSTAL:
		what = _("7 digits, as 1234567 or 123-4567");
		break;
	case REG_MUNICIPALITY:
		what = _("the municipality code: 6 digits, the last a check digit");
		break;
	case REG_PHONE:
		what = _("digits and '-', at least 10");
		break;
	case REG_MYNUMBER:
		what = _("12 digits, the last a check digit");
		break;
	case REG_CODE:
		what = _("letters, digits and '-'");
		break;
	case REG_AMOUNT:
		what = _("yen in digits (commas and 円 may be typed)");
		break;
	case REG_FLAG:
		what = _("0 or いいえ (no), 1 or はい (yes)");
		break;
	default:
		break;
	}
	if ((codes = reg_kind_codes(it->kind)) != NULL) {
		for (i = 0; codes[i].code != NULL; i++) {
			xasprintf(&next, "%s%s%d %s", list != NULL ? list : "",
			    list != NULL ? _(", ") : "", i + 1, _(codes[i].label));
			free(list);
			list = next;
		}
		xasprintf(&next, _("the number or the words of one of: %s"), list);
		free(list);
		list = next;
		what = list;
	}
	if (what == NULL)
		what = "";
	xasprintf(&rule, _("%s%s; at most %d characters."), (it->flags & REG_REQUIRED) ?
	    _("required; ") : _("may be left empty; "), what, it->max_chars);
	free(list);
	return rule;
}

void
regform_init(struct regform *rf, const struct reg_item *const *tables, int flags_mask)
{
	const struct reg_item	*it;
	size_t			 t;

	memset(rf, 0, sizeof *rf);
	for (t = 0; tables[t] != NULL; t++) {
		for (it = tables[t]; it->key != NULL; it++) {
			if (flags_mask == 0 || (it->flags & flags_mask)) {
				rf->items = xreallocarray(rf->items, rf->n + 1,
				    sizeof *rf->items);
				rf->items[rf->n++] = it;
			}
		}
	}
	rf->fields = xcalloc(rf->n, sizeof *rf->fields);
	rf->initial = xcalloc(rf->n, sizeof *rf->initial);
	rf->rules = xcalloc(rf->n, sizeof *rf->rules);
	rf->from_card = xcalloc(rf->n, sizeof *rf->from_card);
	for (t = 0; t < (size_t)rf->n; t++) {
		/* Room to type past the limit: the check says so, nothing is cut. */
		field_init(&rf->fields[t], _(rf->items[t]->label), 0, 0);
		rf->rules[t] = regform_rule(rf->items[t]);
		rf->fields[t].rule = rf->rules[t];
	}
	form_init(&rf->form, rf->fields, rf->n);
}

void
regform_set(struct regform *rf, int i, const char *value)
{
	const struct reg_code	*codes = reg_kind_codes(rf->items[i]->kind);
	char			 number[16];
	int			 k;

	for (k = 0; codes != NULL && codes[k].code != NULL; k++) {
		if (strcmp(codes[k].code, value) == 0) {
			snprintf(number, sizeof number, "%d", k + 1);
			field_set(&rf->fields[i], number);
			return;
		}
	}
	field_set(&rf->fields[i], value);
}

void
regform_fill(struct regform *rf, const struct reg_value *v, size_t n)
{
	const char	*value;
	int		 i;

	for (i = 0; i < rf->n; i++) {
		if ((value = reg_values_get(v, n, rf->items[i]->key)) == NULL)
			continue;
		free(rf->initial[i]);
		rf->initial[i] = xstrdup(value);
		regform_set(rf, i, value);
	}
}

void
regform_lock(struct regform *rf, const char *key, const char *why)
{
	int	 i;

	for (i = 0; i < rf->n; i++) {
		if (strcmp(rf->items[i]->key, key) == 0)
			rf->fields[i].locked = why;
	}
}

int
regform_check(struct regform *rf, int changed_only, struct reg_value **out, size_t *n)
{
	struct reg_value	*v;
	char			*normal, *why;
	int			 i, bad = 0;
	size_t			 count = 0;

	*out = NULL;
	*n = 0;
	v = xcalloc(rf->n, sizeof *v);
	for (i = 0; i < rf->n; i++) {
		field_set_error(&rf->fields[i], NULL);
		if (reg_check(rf->items[i], rf->fields[i].text, &normal, &why) != 0) {
			field_set_error(&rf->fields[i], why);
			free(why);
			bad = 1;
			continue;
		}
		if ((changed_only && rf->initial[i] != NULL &&
		    strcmp(rf->initial[i], normal) == 0) ||
		    (*normal == '\0' && rf->initial[i] == NULL)) {
			free(normal);
			continue;
		}
		v[count].key = xstrdup(rf->items[i]->key);
		v[count++].value = normal;
	}
	if (bad) {
		reg_values_free(v, count);
		form_focus_first_error(&rf->form);
		return -1;
	}
	*out = v;
	*n = count;
	return 0;
}

/* Empty again for the next application; typed text is wiped (it may hold a My Number). */
void
regform_clear(struct regform *rf)
{
	int	 i;

	regform_clear_card(rf);
	for (i = 0; i < rf->n; i++) {
		field_clear(&rf->fields[i]);
		field_set_error(&rf->fields[i], NULL);
		rf->fields[i].changed = 0;
		if (rf->initial[i] != NULL)
			regform_set(rf, i, rf->initial[i]);
	}
	rf->form.current = 0;
	rf->form.top = 0;
}

void
regform_free(struct regform *rf)
{
	int	 i;

	for (i = 0; i < rf->n; i++) {
		field_clear(&rf->fields[i]);
		field_free(&rf->fields[i]);
		free(rf->initial[i]);
		free(rf->rules[i]);
	}
	free(rf->fields);
	free(rf->from_card);
	free(rf->initial);
	free(rf->rules);
	free(rf->items);
	memset(rf, 0, sizeof *rf);
}

void
regform_fill_card(struct regform *rf, const struct reg_value *v, size_t n)
{
	const char	*value;
	int		 i;

	for (i = 0; i < rf->n; i++) {
		if ((value = reg_values_get(v, n, rf->items[i]->key)) == NULL)
			continue;
		card_field_fill(&rf->fields[i], value);
		rf->fields[i].changed = 1;
		rf->from_card[i] = 1;
	}
}

int
regform_has_card(const struct regform *rf)
{
	int	 i;

	for (i = 0; i < rf->n; i++) {
		if (rf->from_card[i])
			return 1;
	}
	return 0;
}

int
regform_card_item(const struct regform *rf, const char *key)
{
	int	 i;

	for (i = 0; i < rf->n; i++) {
		if (rf->from_card[i] && strcmp(rf->items[i]->key, key) == 0)
			return rf->fields[i].len > 0;
	}
	return 0;
}

void
regform_clear_card(struct regform *rf)
{
	int	 i;

	for (i = 0; i < rf->n; i++) {
		if (!rf->from_card[i])
			continue;
		card_field_release(&rf->fields[i]);
		if (rf->initial[i] != NULL)
			regform_set(rf, i, rf->initial[i]);
		rf->from_card[i] = 0;
	}
}

char *
regform_target_label(const struct holder_view *h, const char *registration_id)
{
	const char	*cert = NULL;
	char		*label;
	size_t		 i;

	for (i = 0; i < h->n_registrations; i++) {
		if (strcmp(h->registrations[i].id, registration_id) == 0)
			cert = reg_values_get(h->registrations[i].values,
			    h->registrations[i].n_values, "certificate_number");
	}
	xasprintf(&label, "%s %s — %s", reg_values_get(h->values, h->n_values, "family_name"),
	    reg_values_get(h->values, h->n_values, "given_name"), cert != NULL ? cert : "");
	return label;
}
