/*
 * Holders of the register (SPEC §4): the data-access functions. Registrations, corrections
 * and deletions made at the counter go through applications; holder_import is the path
 * for data brought in whole (the office's existing register, demo data), audited as such.
 */
#ifndef HOLDERS_H
#define HOLDERS_H

#include <stdint.h>

#include "audit/audit.h"

struct db;

struct holder_record {
	char		 id[37];		/* set by holder_import */
	const char	*family_name;
	const char	*given_name;
	const char	*family_kana;
	const char	*given_kana;
	int		 sex;			/* 1 male, 2 female, 9 not stated */
	const char	*birth_date;		/* YYYY-MM-DD */
	const char	*honseki_pref;		/* "01".."47" or "" */
	const char	*postal_code;
	const char	*address1;
	const char	*address2;
	const char	*address3;
	const char	*municipality_code;
	const char	*phone;
	int		 has_gaiji;
	const char	*mynumber;		/* 12 digits or NULL */
	/* One qualification registration with its issue event. */
	const char	*qualification;
	const char	*certificate_number;
	const char	*issue_date;
	const char	*route;			/* exam, course, school */
};

int	 holder_import(struct db *, const struct actor *, struct holder_record *, char **);
/*
 * A synthetic person's name, sex, birth date (birth: its YYYY-MM-DD text, kept by the
 * caller), address, municipality, 外字 flag and My Number into a cleared *h; the rest is the
 * caller's. For demo data, benchmarks and tests.
 */
struct synth_person;
void	 holder_record_from_synth(struct holder_record *, const struct synth_person *,
	    const char *);
int64_t	 holder_count(struct db *);

#endif
