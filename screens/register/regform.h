/*
 * A form built from the register's item tables (db/register/register-items.h): one field
 * per item, each checked by reg_check with its message under the field. The forms of registration,
 * correction and erasure are this widget with different tables.
 */
#ifndef REGFORM_H
#define REGFORM_H

#include <stddef.h>

#include "register/register-items.h"
#include "register/register.h"
#include "widgets/widget.h"

struct regform {
	const struct reg_item	**items;
	struct field		 *fields;
	char			**initial;	/* pre-filled stored values, or NULL */
	char			**rules;	/* each field's rule, for F1 */
	int			 *from_card;	/* filled by a card read, locked */
	int			  n;
	struct form		  form;
};

/* tables: NULL-terminated; flags_mask, if not 0, keeps only items with one of the flags. */
void	 regform_init(struct regform *, const struct reg_item *const *, int);
/* Pre-fill from stored values; these become the reference for "changed". */
void	 regform_fill(struct regform *, const struct reg_value *, size_t);
/*
 * Field i shows a stored value as the desk types it: a choice by its number (its label
 * lists them: "1〜4"), never the code, which is a word of English; any other value as it is.
 */
void	 regform_set(struct regform *, int, const char *);
/*
 * Check every field; on success *out gets the normalised values (only those that differ
 * from the pre-filled ones when changed_only, and never empty optional ones that were not
 * pre-filled). On failure the messages are under the fields and focus is on the first.
 */
int	 regform_check(struct regform *, int, struct reg_value **, size_t *);
void	 regform_clear(struct regform *);
/* The field of item key takes no typing; why is shown when it is tried (not copied). */
void	 regform_lock(struct regform *, const char *, const char *);
void	 regform_free(struct regform *);
/*
 * The values a card read gave (card_values), into the fields that have their items: each
 * locked and marked 「カード読取」, so that the clerk cannot change what the card said.
 * regform_clear_card gives them back to typing, as they were before.
 */
void	 regform_fill_card(struct regform *, const struct reg_value *, size_t);
int	 regform_has_card(const struct regform *);
/*
 * F7 reads the resident's card into the form (for the role function, e.g.
 * "register.apply"; the read audited under target), F8 gives its items back to typing:
 * 1 when ev was one of them (regform-card.c).
 */
int	 regform_card_key(struct regform *, struct ui *, const char *, const char *,
	    const struct key_event *);
/* Whether the field of item key holds a value the card gave. */
int	 regform_card_item(const struct regform *, const char *);
void	 regform_clear_card(struct regform *);

/* "山田 花子 — BH-000001": the holder and the registration's certificate (allocated). */
char	*regform_target_label(const struct holder_view *, const char *);

#endif
