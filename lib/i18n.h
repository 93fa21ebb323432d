/* The one place that defines the gettext markers. */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

void	i18n_init(void);
int	i18n_japanese(void);
void	i18n_use_japanese(void);
void	i18n_default_language(const char *);
int	i18n_utf8(void);

#endif
