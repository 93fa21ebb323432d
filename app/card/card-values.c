/* The card's items as register values (card-values.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "card/card-values.h"
#include "i18n.h"
#include "register/register-items.h"
#include "textwidth.h"
#include "xmalloc.h"

/* The register's address items hold 60 characters each (register-items.c). */
#define CARD_ADDRESS_PART	60

/* The byte length of the first max characters of s (valid UTF-8, as the parser made sure). */
static size_t
card_prefix(const char *s, size_t max)
{
	size_t	 i = 0, len = strlen(s), k;
	uint32_t cp;

	while (max-- > 0 && i < len && (k = utf8_decode(s + i, len - i, &cp)) != 0)
		i += k;
	return i;
}

/* Whether the value fits the register item key (its length in characters only). */
static int
card_fits(const char *key, const char *value, char **cause)
{
	const struct reg_item	*it = reg_item_find(reg_holder_items, key);
	size_t			 chars = 0, i = 0, len = strlen(value), k;
	uint32_t		 cp;

	while (i < len && (k = utf8_decode(value + i, len - i, &cp)) != 0) {
		i += k;
		chars++;
	}
	if (it == NULL || chars <= (size_t)it->max_chars)
		return 0;
	xasprintf(cause, _("the card's name is longer than the register's %s takes (%zu "
	    "characters, at most %d): type it instead"), _(it->label), chars, it->max_chars);
	return -1;
}

int
card_values(const struct card_data *d, int with_mynumber, struct reg_value **v, size_t *n,
    char **cause)
{
	static const char *const parts[] = { "address1", "address2", "address3" };
	const char	*name = d->four.name, *sp, *wide, *rest;
	char		*birth;
	size_t		 i, cut;

	*v = NULL;
	*n = 0;
	/* The card has one name: family and given names apart at the first space. */
	sp = strchr(name, ' ');
	wide = strstr(name, "\xe3\x80\x80");		/* U+3000 */
	if (wide != NULL && (sp == NULL || wide < sp))
		sp = wide;
	if (sp == NULL) {
		reg_values_add(v, n, "family_name", xstrdup(name));
		reg_values_add(v, n, "given_name", xstrdup(""));
	} else {
		reg_values_add(v, n, "family_name", xstrndup(name, sp - name));
		rest = sp + (*sp == ' ' ? 1 : 3);
		while (*rest == ' ' || strncmp(rest, "\xe3\x80\x80", 3) == 0)
			rest += *rest == ' ' ? 1 : 3;
		reg_values_add(v, n, "given_name", xstrdup(rest));
	}
	rest = d->four.address;
	for (i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		cut = card_prefix(rest, CARD_ADDRESS_PART);
		reg_values_add(v, n, parts[i], xstrndup(rest, cut));
		rest += cut;
	}
	xasprintf(&birth, "%.4s-%.2s-%.2s", d->four.birth, d->four.birth + 4,
	    d->four.birth + 6);
	reg_values_add(v, n, "birth_date", birth);
	reg_values_add(v, n, "sex", xstrdup(d->four.sex == '3' ? "9" :
	    d->four.sex == '2' ? "2" : "1"));
	if (with_mynumber)
		reg_values_add(v, n, "mynumber", xstrdup(d->mynumber));
	if (card_fits("family_name", (*v)[0].value, cause) != 0 ||
	    card_fits("given_name", (*v)[1].value, cause) != 0) {
		reg_values_free(*v, *n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
