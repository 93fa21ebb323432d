/*
 * Masking for governed export (SPEC §9, issue 21): a mask removes characters, it never
 * hides them. What a masked cell holds is all the recipient gets; nothing of the removed
 * part is in the file in any form.
 */
#ifndef EXPORT_MASK_H
#define EXPORT_MASK_H

enum export_mask {
	EXPORT_MASK_NONE,		/* "none": as it is */
	EXPORT_MASK_FAMILY_ONLY,	/* "family-only": 山田 太郎 → 山田 */
	EXPORT_MASK_MUNICIPALITY,	/* "municipality": the address up to its 市区町村 */
	EXPORT_MASK_YEAR,		/* "year": 1980-04-01 → 1980 */
};

/* By its name; -1 and why for a name that is none. */
int		 export_mask_parse(const char *, enum export_mask *, char **);
const char	*export_mask_name(enum export_mask);
/* What the mask does, for people (translated). */
const char	*export_mask_label(enum export_mask);
/* The masked value, allocated; -1 and why when the value cannot be masked safely. */
int		 export_mask_apply(enum export_mask, const char *, char **, char **);

#endif
