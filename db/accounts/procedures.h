/*
 * Procedures (事務, issue 31): what an account may act for. An account names its
 * procedures as codes (register, correct, reissue, periodic: the procedures table); the
 * register's personal-data work and every Juki-net query belong to one, and an account
 * acts only within its own.
 */
#ifndef PROCEDURES_H
#define PROCEDURES_H

#include "audit/audit.h"

struct db;

/* A request's list: known codes, none twice (empty is allowed). 0, or -1 with *cause. */
int	 procedures_check(struct db *, const char *, char **);
/*
 * Whether who's account names procedure code (root at the shell may act for any). 0, or
 * -1 with *cause and the refusal audited as action on target.
 */
int	 procedure_require(struct db *, const struct actor *, const char *, const char *,
	    const char *, char **);
/* The code of a Juki-net query's 事務 (JUKI_JIMU_*, the table's juki_jimu), allocated,
 * or NULL for none. */
char	*procedure_of_jimu(struct db *, int);
/* "免状の登録・再交付" or "Registration, Reissue" for a list of codes (allocated). */
char	*procedure_labels(struct db *, const char *, int);

#endif
