/* Helpers for the cmocka tests: a private directory, a key and a fresh database. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "audit/audit-key.h"

struct db;
struct key;

struct fixture {
	char		 dir[256];
	char		 db_path[300];
	char		 key_path[300];
	struct key	*key;
	struct db	*db;
};

int	 fixture_setup(void **);
int	 fixture_teardown(void **);
void	 fixture_reopen(struct fixture *);
int	 fixture_audit(struct fixture *, char **);
int	 fixture_audit_db(struct fixture *, struct db *, enum audit_key_mode, char **);
/* An approved account (requested by root, approved by sato, the first supervisor). */
void	 fixture_account(struct fixture *, const char *, const char *, int);
void	 fixture_account_scoped(struct fixture *, const char *, const char *, int,
	    const char *);
void	 write_file(const char *, const void *, size_t, int);
char	*file_sha256(const char *);
int64_t	 db_count(struct db *, const char *);

#endif
