#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "i18n.h"

/*
 * Tests point TEXTDOMAINDIR at the build tree's catalogs so that messages can be checked
 * before installation.
 */
void
i18n_init(void)
{
	const char	*dir;

	setlocale(LC_ALL, "");
	dir = getenv("TEXTDOMAINDIR");
	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

/* Whether messages are shown in Japanese, for labels that live in the database. */
int
i18n_japanese(void)
{
	const char	*l = setlocale(LC_MESSAGES, NULL);

	if (getenv("LANGUAGE") != NULL && *getenv("LANGUAGE") != '\0')
		l = getenv("LANGUAGE");
	return l != NULL && l[0] == 'j' && l[1] == 'a';
}
