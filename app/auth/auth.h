/*
 * What the login screen, the monitor and the PAM cycle share: a conversation round, its
 * callback, and the outcome of an authentication. No PAM and no curses here; the styles
 * are PAM's own numbers (PAM_PROMPT_ECHO_OFF ...), which the wire carries unchanged.
 */
#ifndef AUTH_H
#define AUTH_H

/* One message of a PAM conversation round. */
struct auth_prompt {
	int		 style;	/* PAM_PROMPT_ECHO_OFF, PAM_PROMPT_ECHO_ON, PAM_ERROR_MSG,
				   PAM_TEXT_INFO */
	const char	*text;	/* UTF-8, no control characters but newline and tab */
};

/*
 * Called for each conversation round: show the n messages, fill replies[i] (xstrdup'd)
 * for the prompts and leave the others NULL; return 0, or -1 when the person cancelled
 * (Esc). On -1 the caller frees whatever replies were already filled.
 */
typedef int	(*auth_conv_fn)(void *, int, const struct auth_prompt *, char **);

enum auth_outcome {
	AUTH_OK,
	AUTH_FAILED,		/* wrong password, unknown user: one message for both */
	AUTH_NO_ACCOUNT,	/* PAM said yes; the account register says no */
	AUTH_ACCOUNT_EXPIRED,
	AUTH_LOCKED,		/* too many failures (pam_faillock) or access denied */
	AUTH_CANCELLED,
	AUTH_ERROR,		/* PAM or the monitor failed; the session may be gone */
};
#define AUTH_OUTCOME_MAX	AUTH_ERROR

#define AUTH_USER_MAX		64	/* sizes of the result fields, NUL included */
#define AUTH_ROLES_MAX		128
#define AUTH_MESSAGE_MAX	256

struct auth_result {
	enum auth_outcome	 outcome;
	char			 message[AUTH_MESSAGE_MAX];	/* for the screen */
	char			 user[AUTH_USER_MAX];	/* PAM_USER as PAM left it */
	char			 roles[AUTH_ROLES_MAX];	/* space-separated, from the register */
};

const char	*auth_outcome_name(enum auth_outcome);

#endif
