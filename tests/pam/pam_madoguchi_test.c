/*
 * A PAM module for madoguchi's tests only: what pam_matrix cannot express. It sits around
 * pam_matrix in the generated test service (tests/pam/madoguchi-test.in) and does, per
 * user, what the line for that user in $MADOGUCHI_PAM_TEST_DIR/users says:
 *
 *	NAME [otp=CODE] [locked] [as=OTHER] [expired] [denied] [acct_expired] [info]
 *
 *	otp=CODE	auth (phase=post): a second round of an information message and a
 *			"ワンタイムコード:" prompt (echo on); a wrong code is an error message
 *			and PAM_AUTH_ERR. Together with pam_matrix's password prompt this is
 *			the two-prompt stack SPEC §2 asks for.
 *	locked		auth (phase=pre): an error message and PAM_MAXTRIES, as a lockout
 *			module does once the account is locked.
 *	as=OTHER	auth (phase=post): PAM_USER becomes OTHER (a card mapped to a user).
 *	expired		account: PAM_NEW_AUTHTOK_REQD until the password has been changed
 *			(the password phase leaves changed.NAME in the directory).
 *	denied		account: an error message and PAM_PERM_DENIED.
 *	acct_expired	account: PAM_ACCT_EXPIRED.
 *	info		auth (phase=pre): an information message before the password.
 *	escape		auth (phase=post): an information message full of escape sequences
 *			and a byte that is not UTF-8.
 *	binary		auth (phase=post): a PAM_BINARY_PROMPT, which no terminal answers.
 *	flood, flood32	auth (phase=post): one round of 33 (too many) or 32 messages.
 *	lenient		with otp: a failed conversation (a cancel) still succeeds, as a
 *			careless module might.
 *
 * Every call is appended to $MADOGUCHI_PAM_TEST_DIR/pam.log ("open_session alice tty=...
 * ruser=..."), so that the tests can check the whole cycle and its order. Nothing typed
 * at a prompt is ever written there.
 *
 * With the argument "deny" every call fails: the "other" service (tests/pam/other.in).
 *
 * Never install this: it is built for `make check` only.
 */
#include "config.h"

#include <security/pam_appl.h>
#include <security/pam_modules.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FLAGS_MAX	512

static const char *
test_dir(int argc, const char **argv)
{
	int	 i;

	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "dir=", 4) == 0)
			return argv[i] + 4;
	}
	return getenv("MADOGUCHI_PAM_TEST_DIR");
}

/* "deny": the "other" service, PAM's default for a service without a file. */
static int
deny(int argc, const char **argv)
{
	int	 i;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "deny") == 0)
			return 1;
	}
	return 0;
}

static const char *
phase(int argc, const char **argv)
{
	int	 i;

	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "phase=", 6) == 0)
			return argv[i] + 6;
	}
	return "";
}

static void
note(const char *dir, const char *fmt, ...)
{
	char	 path[4096];
	FILE	*f;
	va_list	 ap;

	if (dir == NULL)
		return;
	snprintf(path, sizeof path, "%s/pam.log", dir);
	if ((f = fopen(path, "a")) == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fclose(f);
}

/* The flags of user in the users file: " flag flag=value ... " with spaces around. */
static int
user_flags(const char *dir, const char *user, char *out, size_t size)
{
	char	 path[4096], line[FLAGS_MAX], *p;
	size_t	 n;
	FILE	*f;

	snprintf(out, size, " ");
	if (dir == NULL || user == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/users", dir);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = strlen(user);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, user, n) != 0 || (line[n] != ' ' && line[n] != '\0'))
			continue;
		p = line + n;
		snprintf(out, size, "%s ", p);
		break;
	}
	fclose(f);
	return 0;
}

static int
has_flag(const char *flags, const char *flag)
{
	char	 word[128];

	snprintf(word, sizeof word, " %s ", flag);
	return strstr(flags, word) != NULL;
}

/* The value of " name=value " in flags, copied to out; 0 if found. */
static int
flag_value(const char *flags, const char *name, char *out, size_t size)
{
	char		 key[128];
	const char	*p;
	size_t		 n;

	snprintf(key, sizeof key, " %s=", name);
	if ((p = strstr(flags, key)) == NULL)
		return -1;
	p += strlen(key);
	n = strcspn(p, " ");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

static int
converse(pam_handle_t *h, int n, const struct pam_message **msg, struct pam_response **resp)
{
	const struct pam_conv	*conv;
	int			 rc;

	*resp = NULL;
	rc = pam_get_item(h, PAM_CONV, (const void **)&conv);
	if (rc != PAM_SUCCESS || conv == NULL || conv->conv == NULL)
		return PAM_CONV_ERR;
	return conv->conv(n, msg, resp, conv->appdata_ptr);
}

static void
say(pam_handle_t *h, int style, const char *text)
{
	struct pam_message		 m = { style, text };
	const struct pam_message	*mp = &m;
	struct pam_response		*r = NULL;

	if (converse(h, 1, &mp, &r) == PAM_SUCCESS && r != NULL) {
		free(r[0].resp);
		free(r);
	}
}

static void
free_responses(struct pam_response *r, int n)
{
	int	 i;

	if (r == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (r[i].resp != NULL) {
			memset(r[i].resp, 0, strlen(r[i].resp));
			free(r[i].resp);
		}
	}
	free(r);
}

static const char *
get_user(pam_handle_t *h)
{
	const void	*item = NULL;

	if (pam_get_item(h, PAM_USER, &item) != PAM_SUCCESS || item == NULL)
		return "";
	return item;
}

/* n information messages in one round: PAM_MAX_NUM_MSG is the most a round may hold. */
static int
flood(pam_handle_t *h, const char *dir, const char *user, int n)
{
	struct pam_message		 m[PAM_MAX_NUM_MSG + 1];
	const struct pam_message	*mp[PAM_MAX_NUM_MSG + 1];
	struct pam_response		*r = NULL;
	int				 i, rc;

	for (i = 0; i < n; i++) {
		m[i].msg_style = PAM_TEXT_INFO;
		m[i].msg = "お知らせ / notice";
		mp[i] = &m[i];
	}
	rc = converse(h, n, mp, &r);
	free_responses(r, n);
	note(dir, "authenticate %s flood %d %d", user, n, rc);
	return rc;
}

PAM_EXTERN int
pam_sm_authenticate(pam_handle_t *h, int flags, int argc, const char **argv)
{
	struct pam_message		 m[2];
	const struct pam_message	*mp[2] = { &m[0], &m[1] };
	struct pam_response		*r = NULL;
	const char			*dir = test_dir(argc, argv), *user = get_user(h);
	const char			*ph = phase(argc, argv);
	char				 f[FLAGS_MAX], value[128];
	int				 rc;

	(void)flags;
	if (deny(argc, argv))
		return PAM_PERM_DENIED;
	user_flags(dir, user, f, sizeof f);
	if (strcmp(ph, "pre") == 0) {
		if (has_flag(f, "info"))
			say(h, PAM_TEXT_INFO, "窓口端末へようこそ / Welcome to the desk terminal");
		if (has_flag(f, "locked")) {
			say(h, PAM_ERROR_MSG, "アカウントはロックされています / The account is "
			    "locked after too many failures");
			note(dir, "authenticate %s pre locked", user);
			return PAM_MAXTRIES;
		}
		note(dir, "authenticate %s pre ok", user);
		return PAM_SUCCESS;
	}

	if (has_flag(f, "escape"))
		say(h, PAM_TEXT_INFO, "\033[2J\033]0;pwned\007bad\377byte");
	if (has_flag(f, "binary")) {
		m[0].msg_style = PAM_BINARY_PROMPT;
		m[0].msg = "\001\002";
		rc = converse(h, 1, mp, &r);
		free_responses(r, 1);
		note(dir, "authenticate %s binary %d", user, rc);
		return rc != PAM_SUCCESS ? rc : PAM_AUTH_ERR;
	}
	if (has_flag(f, "flood") || has_flag(f, "flood32"))
		return flood(h, dir, user, has_flag(f, "flood") ? PAM_MAX_NUM_MSG + 1 :
		    PAM_MAX_NUM_MSG);
	if (flag_value(f, "otp", value, sizeof value) == 0) {
		m[0].msg_style = PAM_TEXT_INFO;
		m[0].msg = "認証アプリのコードを入力してください / Enter the code from your "
		    "authenticator";
		m[1].msg_style = PAM_PROMPT_ECHO_ON;
		m[1].msg = "ワンタイムコード: ";
		rc = converse(h, 2, mp, &r);
		if (rc != PAM_SUCCESS || r == NULL || r[1].resp == NULL) {
			free_responses(r, 2);
			note(dir, "authenticate %s otp conv-error", user);
			/* "lenient": a broken module that lets a failed conversation pass. */
			if (has_flag(f, "lenient"))
				return PAM_SUCCESS;
			return rc != PAM_SUCCESS ? rc : PAM_CONV_ERR;
		}
		rc = strcmp(r[1].resp, value) == 0 ? PAM_SUCCESS : PAM_AUTH_ERR;
		free_responses(r, 2);
		if (rc != PAM_SUCCESS) {
			say(h, PAM_ERROR_MSG, "ワンタイムコードが違います / Wrong code");
			note(dir, "authenticate %s otp wrong", user);
			return rc;
		}
		note(dir, "authenticate %s otp ok", user);
	}
	if (flag_value(f, "as", value, sizeof value) == 0) {
		note(dir, "authenticate %s as %s", user, value);
		return pam_set_item(h, PAM_USER, value);
	}
	note(dir, "authenticate %s post ok", user);
	return PAM_SUCCESS;
}

PAM_EXTERN int
pam_sm_setcred(pam_handle_t *h, int flags, int argc, const char **argv)
{
	const char	*dir = test_dir(argc, argv);

	if (deny(argc, argv))
		return PAM_PERM_DENIED;
	if (flags & PAM_ESTABLISH_CRED)
		note(dir, "setcred establish %s", get_user(h));
	else if (flags & PAM_DELETE_CRED)
		note(dir, "setcred delete %s", get_user(h));
	else
		note(dir, "setcred other %s", get_user(h));
	return PAM_SUCCESS;
}

PAM_EXTERN int
pam_sm_acct_mgmt(pam_handle_t *h, int flags, int argc, const char **argv)
{
	const char	*dir = test_dir(argc, argv), *user = get_user(h);
	char		 f[FLAGS_MAX], path[4096];
	FILE		*fp;

	(void)flags;
	if (deny(argc, argv))
		return PAM_PERM_DENIED;
	user_flags(dir, user, f, sizeof f);
	if (has_flag(f, "acct_expired")) {
		note(dir, "acct_mgmt %s acct_expired", user);
		return PAM_ACCT_EXPIRED;
	}
	if (has_flag(f, "denied")) {
		say(h, PAM_ERROR_MSG, "この端末では利用できません / Access denied");
		note(dir, "acct_mgmt %s denied", user);
		return PAM_PERM_DENIED;
	}
	if (has_flag(f, "expired") && dir != NULL) {
		snprintf(path, sizeof path, "%s/changed.%s", dir, user);
		if ((fp = fopen(path, "r")) == NULL) {
			say(h, PAM_ERROR_MSG, "パスワードの有効期限が切れています / Your "
			    "password has expired");
			note(dir, "acct_mgmt %s new_authtok_reqd", user);
			return PAM_NEW_AUTHTOK_REQD;
		}
		fclose(fp);
	}
	note(dir, "acct_mgmt %s ok", user);
	return PAM_SUCCESS;
}

PAM_EXTERN int
pam_sm_chauthtok(pam_handle_t *h, int flags, int argc, const char **argv)
{
	const char	*dir = test_dir(argc, argv), *user = get_user(h);
	char		 path[4096];
	FILE		*fp;

	if (deny(argc, argv))
		return PAM_PERM_DENIED;
	if (flags & PAM_PRELIM_CHECK) {
		note(dir, "chauthtok %s prelim%s", user,
		    (flags & PAM_CHANGE_EXPIRED_AUTHTOK) ? " expired" : "");
		return PAM_SUCCESS;
	}
	if ((flags & PAM_UPDATE_AUTHTOK) && dir != NULL) {
		snprintf(path, sizeof path, "%s/changed.%s", dir, user);
		if ((fp = fopen(path, "w")) != NULL)
			fclose(fp);
		note(dir, "chauthtok %s update%s", user,
		    (flags & PAM_CHANGE_EXPIRED_AUTHTOK) ? " expired" : "");
	}
	return PAM_SUCCESS;
}

PAM_EXTERN int
pam_sm_open_session(pam_handle_t *h, int flags, int argc, const char **argv)
{
	const void	*tty = NULL, *ruser = NULL;

	(void)flags;
	if (deny(argc, argv))
		return PAM_PERM_DENIED;
	pam_get_item(h, PAM_TTY, &tty);
	pam_get_item(h, PAM_RUSER, &ruser);
	note(test_dir(argc, argv), "open_session %s tty=%s ruser=%s", get_user(h),
	    tty != NULL ? (const char *)tty : "", ruser != NULL ? (const char *)ruser : "");
	return PAM_SUCCESS;
}

PAM_EXTERN int
pam_sm_close_session(pam_handle_t *h, int flags, int argc, const char **argv)
{
	(void)flags;
	if (deny(argc, argv))
		return PAM_PERM_DENIED;
	note(test_dir(argc, argv), "close_session %s", get_user(h));
	return PAM_SUCCESS;
}
