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

/* What i18n_switch changed, for i18n_restore. */
struct i18n_saved {
	char	*language;	/* LANGUAGE, or NULL when unset */
	char	*messages;	/* the LC_MESSAGES locale */
};
void	i18n_switch(const char *, struct i18n_saved *);
void	i18n_restore(struct i18n_saved *);

#endif
