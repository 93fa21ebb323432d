/*
 * A Juki-net answer beside the register's record (SPEC §5): the items side by side with
 * the differences marked, and the correction application that would bring the record in
 * line. No curses and no SQL: the screens draw the rows and submit the values.
 */
#ifndef JUKI_COMPARE_H
#define JUKI_COMPARE_H

#include <stddef.h>

#include "register/register.h"

struct juki_result_row;

enum juki_cmp_item {
	JUKI_CMP_NAME,
	JUKI_CMP_KANA,
	JUKI_CMP_BIRTH,
	JUKI_CMP_SEX,
	JUKI_CMP_ADDRESS,
	JUKI_CMP_MUNICIPALITY,
	JUKI_CMP_COUNT
};

struct juki_cmp_row {
	const char	*label;		/* already translated */
	char		*registered;
	char		*juki;
	int		 differs;
};

struct juki_cmp {
	struct juki_cmp_row	 rows[JUKI_CMP_COUNT];
	char			*status;	/* 生存状況, 異動事由 and date, in words */
	int			 gaiji;		/* the answer holds 〓: confirm with documents */
	int			 differences;
	/* The correction: only the items that change, then event_date and reason_text. */
	struct reg_value	*changes;
	size_t			 n_changes;
	char			*not_applied;	/* why an item could not be proposed, or NULL */
};

/*
 * Compare the holder's items (holder_view values) with one answer. era: dates in the
 * Japanese era. today: YYYY-MM-DD for the correction's date when the answer has none.
 */
void	 juki_cmp_build(struct juki_cmp *, const struct reg_value *, size_t,
	    const struct juki_result_row *, int, const char *);
void	 juki_cmp_free(struct juki_cmp *);

/*
 * An address as Juki-net writes it, split as the register keeps it: address1 up to the
 * municipality (都道府県 + 市区町村, a designated city's ward, or 郡 + 町村), address2 the
 * rest. If the address starts with old_address1, that part is kept as it is.
 */
void	 juki_split_address(const char *, const char *, char **, char **);

#endif
