/*
 * What a notification gives the form it opens. See notify-prefill.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "register/notify-prefill.h"
#include "xmalloc.h"

/* One pending set at a time: a screen is pushed by the one key the clerk pressed. */
static struct reg_value	*pending;
static size_t		 n_pending;

void
notify_prefill_set(const struct reg_value *v, size_t n)
{
	size_t	 i;

	notify_prefill_clear();
	for (i = 0; i < n; i++)
		reg_values_add(&pending, &n_pending, v[i].key, xstrdup(v[i].value));
}

void
notify_prefill_clear(void)
{
	reg_values_free(pending, n_pending);
	pending = NULL;
	n_pending = 0;
}

void
notify_prefill_apply(struct regform *rf)
{
	const char	*value;
	int		 i;

	for (i = 0; i < rf->n && n_pending > 0; i++) {
		if ((value = reg_values_get(pending, n_pending, rf->items[i]->key)) != NULL)
			regform_set(rf, i, value);
	}
}
