/*
 * PAM tests under pam_wrapper: the test program re-executes itself with libpam_wrapper
 * preloaded and the generated "madoguchi-test" service (tests/pam/), keeps pam_matrix's
 * password file and the test module's per-user flags in a private directory, and answers
 * conversations from a script while recording everything that was shown.
 */
#ifndef PAMTEST_H
#define PAMTEST_H

#include "auth/auth.h"

#define PAMTEST_SERVICE	"madoguchi-test"
#define PAMTEST_CANCEL	"\033"	/* an answer that cancels instead (Esc) */

struct pamtest_user {
	const char	*name;
	const char	*password;	/* NULL: not in the password file */
	const char	*flags;		/* for the test module, or NULL */
};

struct script {
	const char	*answers[16];	/* one per prompt, in order; PAMTEST_CANCEL cancels */
	int		 next;		/* answers used */
	int		 rounds;	/* conversation rounds seen */
	int		 sizes[16];	/* messages in each round */
	char		 shown[8192];	/* "OFF:Password: \nINFO:...\n" */
};

extern char	 pamtest_dir[256];

void	 pamtest_init(char **);
void	 pamtest_users(const struct pamtest_user *);
char	*pamtest_log(void);
char	*pamtest_passdb(void);
void	 pamtest_clear_log(void);
int	 script_conv(void *, int, const struct auth_prompt *, char **);
void	 script_reset(struct script *);
void	 pamtest_cleanup(void);

#endif
