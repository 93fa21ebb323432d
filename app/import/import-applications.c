/* Registration applications from a CSV on media (import-applications.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv-read.h"
#include "i18n.h"
#include "import/import-applications.h"
#include "register/register-items.h"
#include "register/register.h"
#include "xmalloc.h"

/* Whether name is an item of a registration application of a new holder. */
static int
application_item(const char *name)
{
	static const struct reg_item *const tables[] = { reg_holder_items,
	    reg_mynumber_items, reg_registration_items, NULL };
	const struct reg_item	*it;
	size_t			 t;

	for (t = 0; tables[t] != NULL; t++) {
		for (it = tables[t]; it->key != NULL; it++) {
			if (strcmp(it->key, name) == 0)
				return 1;
		}
	}
	return 0;
}

static int
header_check(const struct csv_record *h, char **cause)
{
	size_t	 i, j;

	for (i = 0; i < h->n; i++) {
		if (!application_item(h->fields[i])) {
			xasprintf(cause, _("line 1, column %zu: \"%s\" is not an item of a "
			    "registration application (the header names the items, as "
			    "family_name, birth_date, qualification)"), i + 1, h->fields[i]);
			return -1;
		}
		for (j = 0; j < i; j++) {
			if (strcmp(h->fields[i], h->fields[j]) == 0) {
				xasprintf(cause, _("line 1: the column %s is there twice"),
				    h->fields[i]);
				return -1;
			}
		}
	}
	return 0;
}

static void
application_from(struct import_application *a, const struct csv_record *h,
    const struct csv_record *rec)
{
	size_t	 i;

	memset(a, 0, sizeof *a);
	a->line = rec->line;
	a->values = xcalloc(rec->n + 1, sizeof *a->values);
	for (i = 0; i < rec->n; i++) {
		if (*rec->fields[i] == '\0')
			continue;
		a->values[a->n].key = xstrdup(h->fields[i]);
		a->values[a->n].value = xstrdup(rec->fields[i]);
		a->n++;
	}
}

int
import_applications_parse(const char *text, size_t len, struct import_applications *out,
    char **cause)
{
	struct csv_reader	 r;
	struct csv_record	 header, rec;
	size_t			 rows = 0;
	int			 got;

	memset(out, 0, sizeof *out);
	csv_reader_init(&r, text, len);
	if ((got = csv_read_record(&r, &header, cause)) <= 0) {
		if (got == 0)
			xasprintf(cause, _("the file is empty: a header row and one application "
			    "per row are expected"));
		return -1;
	}
	if (header_check(&header, cause) != 0)
		goto fail;
	while ((got = csv_read_record(&r, &rec, cause)) == 1) {
		if (rec.n != header.n) {
			xasprintf(cause, _("line %zu has %zu fields; the header has %zu"),
			    rec.line, rec.n, header.n);
			csv_record_clear(&rec);
			goto fail;
		}
		/* Past the limit the rest is only counted, for the message. */
		if (++rows <= IMPORT_MAX_APPLICATIONS) {
			out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
			application_from(&out->v[out->n++], &header, &rec);
		}
		csv_record_clear(&rec);
	}
	if (got < 0)
		goto fail;
	if (rows == 0) {
		xasprintf(cause, _("the file holds a header and no application"));
		goto fail;
	}
	if (rows > IMPORT_MAX_APPLICATIONS) {
		xasprintf(cause, _("the file holds %zu applications; one import takes at most "
		    "%d: split the file"), rows, IMPORT_MAX_APPLICATIONS);
		goto fail;
	}
	csv_record_clear(&header);
	return 0;
fail:
	csv_record_clear(&header);
	import_applications_free(out);
	return -1;
}

void
import_applications_free(struct import_applications *a)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		reg_values_free(a->v[i].values, a->v[i].n);
	free(a->v);
	memset(a, 0, sizeof *a);
}

/*
 * The duplicate check of the counter (issue 25) for a row: nobody at an import answers
 * "same person or not", so a row whose person may already be on the register stops the
 * import, naming the line and the holder; that person is registered at the desk, where the
 * check asks. The row's values are normalised as the form would before they are compared;
 * one that does not pass is left to application_submit to refuse.
 */
static int
import_duplicate(struct db *db, const struct import_application *row, char **cause)
{
	static const char *const keys[] = { "family_kana", "given_kana", "former_family_kana",
	    "birth_date", "mynumber" };
	const struct reg_item	*it;
	struct reg_value	 v[sizeof keys / sizeof keys[0]];
	struct reg_duplicate	*d;
	const char		*raw;
	char			*normal, *why;
	size_t			 i, n = 0, nd;
	int			 rc = 0;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if ((raw = reg_values_get(row->values, row->n, keys[i])) == NULL ||
		    (it = reg_item_find(NULL, keys[i])) == NULL)
			continue;
		if (reg_check(it, raw, &normal, &why) != 0) {
			free(why);
			continue;
		}
		v[n].key = (char *)keys[i];
		v[n++].value = normal;
	}
	if (reg_duplicates(db, v, n, &d, &nd, cause) != 0)
		rc = -1;
	else if (nd > 0) {
		if (d[0].pending)
			xasprintf(cause, _("line %zu: %s (%s) already has a registration "
			    "application waiting for a supervisor (%s): one person, one "
			    "application"), row->line, d[0].name, d[0].birth_date, _(d[0].why));
		else
			xasprintf(cause, _("line %zu: %s (%s) may already be on the register "
			    "(%s): register this person at the desk, where the duplicate check "
			    "asks"), row->line, d[0].name, d[0].birth_date, _(d[0].why));
		reg_duplicates_free(d, nd);
		rc = -1;
	}
	for (i = 0; i < n; i++)
		free(v[i].value);
	return rc;
}

int
import_applications_submit(struct db *db, const struct actor *who,
    const struct import_applications *a, char **cause)
{
	char	 id[37], *why = NULL;
	size_t	 i;

	for (i = 0; i < a->n; i++) {
		if (import_duplicate(db, &a->v[i], cause) != 0)
			return -1;
		if (application_submit(db, who, APP_REGISTRATION, NULL, NULL, a->v[i].values,
		    a->v[i].n, id, &why) != 0) {
			xasprintf(cause, _("line %zu: %s"), a->v[i].line, why);
			free(why);
			return -1;
		}
	}
	return 0;
}
