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
