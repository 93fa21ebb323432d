#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xmalloc.h"

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

/*
 * The configuration's language, unless LANGUAGE names one: the sysadmin's setting wins over
 * the locale a unit or a console sets (the kiosk unit's ja_JP.UTF-8 is there for the codeset
 * and the input method; "language = en" still makes its screens English), and LANGUAGE
 * over both, so that one session can be switched. LANGUAGE is ignored under the plain "C"
 * locale, so that one becomes C.UTF-8.
 */
void
i18n_default_language(const char *language)
{
	const char	*l = setlocale(LC_MESSAGES, NULL), *env = getenv("LANGUAGE");

	if (language == NULL || *language == '\0' || (env != NULL && *env != '\0'))
		return;
	if (l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0)
		(void)setlocale(LC_MESSAGES, "C.UTF-8");
	(void)setenv("LANGUAGE", language, 1);
	textdomain(PACKAGE);
}

/* Whether the terminal's character set is UTF-8: kanji are neither shown nor typed else. */
int
i18n_utf8(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
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

/*
 * Messages in Japanese from now on, whatever the environment asked: for documents that
 * are Japanese by law (the self-inspection report's PDF). LANGUAGE is ignored under the
 * "C" locale, so that one becomes C.UTF-8.
 */
void
i18n_use_japanese(void)
{
	const char	*l = setlocale(LC_MESSAGES, NULL);

	if (l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0)
		(void)setlocale(LC_MESSAGES, "C.UTF-8");
	(void)setenv("LANGUAGE", "ja", 1);
	/* Catalogs already looked up are looked up again. */
	textdomain(PACKAGE);
}

/*
 * Messages in language (a catalog's name, "en" or "ja") until i18n_restore puts back what
 * was: for text kept in the database and shown later in whichever language the reader's
 * screen has (a sync conflict's reason), worded once in each. As above, LANGUAGE is
 * ignored under the plain "C" locale, so that one becomes C.UTF-8 meanwhile.
 */
void
i18n_switch(const char *language, struct i18n_saved *saved)
{
	const char	*env = getenv("LANGUAGE"), *l = setlocale(LC_MESSAGES, NULL);

	saved->language = env != NULL ? xstrdup(env) : NULL;
	saved->messages = l != NULL ? xstrdup(l) : NULL;
	if (l == NULL || strcmp(l, "C") == 0 || strcmp(l, "POSIX") == 0)
		(void)setlocale(LC_MESSAGES, "C.UTF-8");
	(void)setenv("LANGUAGE", language, 1);
	textdomain(PACKAGE);
}

void
i18n_restore(struct i18n_saved *saved)
{
	if (saved->language != NULL)
		(void)setenv("LANGUAGE", saved->language, 1);
	else
		(void)unsetenv("LANGUAGE");
	if (saved->messages != NULL)
		(void)setlocale(LC_MESSAGES, saved->messages);
	textdomain(PACKAGE);
	free(saved->language);
	free(saved->messages);
	saved->language = saved->messages = NULL;
}
