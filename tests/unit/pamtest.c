/* See pamtest.h. */
#include "config.h"

#include <sys/stat.h>

#include <security/pam_appl.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pamtest.h"
#include "xmalloc.h"

char	 pamtest_dir[256];

static void	 write_text(const char *, const char *);
static char	*read_text(const char *);

/*
 * pam_wrapper works only when preloaded: the first time through, set up the environment
 * and execute this program again. Without pam_wrapper installed, the whole program is
 * skipped (TAP "1..0 # SKIP"), not failed.
 */
void
pamtest_init(char **argv)
{
	const char	*preload, *asan;
	char		*v;

	if (getenv("PAM_WRAPPER") == NULL) {
		if (*PAM_WRAPPER_LIB == '\0' || access(PAM_WRAPPER_LIB, R_OK) != 0 ||
		    access(PAM_MATRIX_SO, R_OK) != 0) {
			printf("1..0 # SKIP pam_wrapper is not installed "
			    "(apt-get install libpam-wrapper)\n");
			exit(0);
		}
		if (access(PAM_TEST_MODULE, R_OK) != 0 ||
		    access(PAM_TEST_SERVICE_DIR "/" PAMTEST_SERVICE, R_OK) != 0) {
			printf("Bail out! %s or its service file is missing: run make check\n",
			    PAM_TEST_MODULE);
			exit(1);
		}
		preload = getenv("LD_PRELOAD");
		if (preload != NULL && *preload != '\0') {
			xasprintf(&v, "%s:%s", PAM_WRAPPER_LIB, preload);
			setenv("LD_PRELOAD", v, 1);
			free(v);
		} else
			setenv("LD_PRELOAD", PAM_WRAPPER_LIB, 1);
		setenv("PAM_WRAPPER", "1", 1);
		setenv("PAM_WRAPPER_SERVICE_DIR", PAM_TEST_SERVICE_DIR, 1);
#ifdef __SANITIZE_ADDRESS__
		/*
		 * --enable-asan: the sanitizer refuses RTLD_DEEPBIND and a preload ahead of
		 * it. pam_wrapper 1.1.4 (bookworm) reads the variable under uid_wrapper's
		 * name, so both are set.
		 */
		setenv("PAM_WRAPPER_DISABLE_DEEPBIND", "1", 1);
		setenv("UID_WRAPPER_DISABLE_DEEPBIND", "1", 1);
		asan = getenv("ASAN_OPTIONS");
		xasprintf(&v, "%s%sverify_asan_link_order=0", asan != NULL ? asan : "",
		    asan != NULL && *asan != '\0' ? ":" : "");
		setenv("ASAN_OPTIONS", v, 1);
		free(v);
#else
		(void)asan;
#endif
		execv("/proc/self/exe", argv);
		printf("Bail out! cannot re-execute under pam_wrapper\n");
		exit(1);
	}
	snprintf(pamtest_dir, sizeof pamtest_dir, "%s/madoguchi-pam.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(pamtest_dir) == NULL) {
		printf("Bail out! mkdtemp failed\n");
		exit(1);
	}
	/* Readable by an unprivileged screen process in the privilege drop test. */
	chmod(pamtest_dir, 0755);
	xasprintf(&v, "%s/passdb", pamtest_dir);
	setenv("PAM_MATRIX_PASSWD", v, 1);
	free(v);
	setenv("MADOGUCHI_PAM_TEST_DIR", pamtest_dir, 1);
}

static void
write_text(const char *name, const char *text)
{
	char	*path;
	FILE	*f;

	xasprintf(&path, "%s/%s", pamtest_dir, name);
	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
	free(path);
}

static char *
read_text(const char *name)
{
	char	*path, *text = NULL;
	size_t	 len = 0;
	FILE	*f;

	xasprintf(&path, "%s/%s", pamtest_dir, name);
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return xstrdup("");
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = xstrdup("");
	}
	fclose(f);
	return text;
}

/* The password file, the flags file; the log and any "password changed" marks cleared. */
void
pamtest_users(const struct pamtest_user *users)
{
	const struct pamtest_user	*u;
	char				*passdb = xstrdup(""), *flags = xstrdup(""), *t;
	DIR				*d;
	struct dirent			*de;
	char				*path;

	for (u = users; u->name != NULL; u++) {
		if (u->password != NULL) {
			xasprintf(&t, "%s%s:%s:%s\n", passdb, u->name, u->password,
			    PAMTEST_SERVICE);
			free(passdb);
			passdb = t;
		}
		if (u->flags != NULL) {
			xasprintf(&t, "%s%s %s\n", flags, u->name, u->flags);
			free(flags);
			flags = t;
		}
	}
	write_text("passdb", passdb);
	write_text("users", flags);
	free(passdb);
	free(flags);
	if ((d = opendir(pamtest_dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, "changed.", 8) != 0)
				continue;
			xasprintf(&path, "%s/%s", pamtest_dir, de->d_name);
			unlink(path);
			free(path);
		}
		closedir(d);
	}
	pamtest_clear_log();
}

char *
pamtest_log(void)
{
	return read_text("pam.log");
}

char *
pamtest_passdb(void)
{
	return read_text("passdb");
}

void
pamtest_clear_log(void)
{
	write_text("pam.log", "");
}

void
pamtest_cleanup(void)
{
	char	*cmd;

	if (*pamtest_dir == '\0')
		return;
	xasprintf(&cmd, "rm -rf '%s'", pamtest_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", pamtest_dir);
	free(cmd);
}

void
script_reset(struct script *s)
{
	memset(s, 0, sizeof *s);
}

/* Records the round, answers the prompts from the script, cancels on PAMTEST_CANCEL. */
int
script_conv(void *arg, int n, const struct auth_prompt *p, char **replies)
{
	struct script	*s = arg;
	const char	*tag, *answer;
	size_t		 len;
	int		 i;

	if (s->rounds < 16)
		s->sizes[s->rounds] = n;
	s->rounds++;
	for (i = 0; i < n; i++) {
		switch (p[i].style) {
		case PAM_PROMPT_ECHO_OFF:
			tag = "OFF";
			break;
		case PAM_PROMPT_ECHO_ON:
			tag = "ON";
			break;
		case PAM_ERROR_MSG:
			tag = "ERR";
			break;
		case PAM_TEXT_INFO:
			tag = "INFO";
			break;
		default:
			tag = "?";
			break;
		}
		len = strlen(s->shown);
		snprintf(s->shown + len, sizeof s->shown - len, "%s:%s\n", tag, p[i].text);
		if (p[i].style != PAM_PROMPT_ECHO_OFF && p[i].style != PAM_PROMPT_ECHO_ON)
			continue;
		answer = s->next < 16 ? s->answers[s->next] : NULL;
		s->next++;
		if (answer == NULL || strcmp(answer, PAMTEST_CANCEL) == 0)
			return -1;	/* the caller frees what was filled */
		replies[i] = xstrdup(answer);
	}
	return 0;
}
