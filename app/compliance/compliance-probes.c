/*
 * What the machine tells for the self-inspection report (compliance-report.h): the PAM
 * stack the desk logs in through, the lockout and password ageing policy, and whether a
 * default route could take the terminal to the internet. Read-only; a file that is not
 * there is said to be not found, never guessed.
 *
 * MADOGUCHI_TEST_ROOT (tests only) puts the files under another root.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance/compliance-report.h"
#include "config-file.h"
#include "i18n.h"
#include "xmalloc.h"

static FILE *
open_at_root(const char *path)
{
	const char	*root = getenv("MADOGUCHI_TEST_ROOT");
	char		*full;
	FILE		*f;

	xasprintf(&full, "%s%s", root != NULL ? root : "", path);
	f = fopen(full, "r");
	free(full);
	return f;
}

static void
append(char **out, const char *sep, const char *what)
{
	char	*next;

	if (*out == NULL) {
		*out = xstrdup(what);
		return;
	}
	xasprintf(&next, "%s%s%s", *out, sep, what);
	free(*out);
	*out = next;
}

static char *
trim(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* The auth stack: "pam_faillock.so preauth, pam_unix.so, @include common-auth". */
static char *
pam_stack(const char *service)
{
	FILE	*f;
	char	 line[512], *p, *path, *out = NULL, word[128], module[128];

	xasprintf(&path, "/etc/pam.d/%s", service);
	f = open_at_root(path);
	free(path);
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f) != NULL) {
		p = trim(line);
		if (strncmp(p, "@include", 8) == 0)
			append(&out, ", ", p);
		else if (sscanf(p, "auth %127s %127s", word, module) == 2 ||
		    sscanf(p, "account %127s %127s", word, module) == 2)
			append(&out, ", ", module);
	}
	fclose(f);
	return out != NULL ? out : xstrdup(_("no auth or account line"));
}

/* s with each run of blanks made one space (login.defs aligns with tabs). */
static char *
squeeze(const char *s)
{
	char	*out = xmalloc(strlen(s) + 1), *q = out;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t') {
			if (q > out && q[-1] != ' ')
				*q++ = ' ';
		} else
			*q++ = *s;
	}
	*q = '\0';
	return out;
}

/* The settings named in keys, as "key = value" (comments and others left out). */
static char *
settings(const char *path, const char *const *keys)
{
	FILE	*f = open_at_root(path);
	char	 line[512], *p, *out = NULL, *item;
	size_t	 i, len;

	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f) != NULL) {
		p = trim(line);
		if (*p == '#' || *p == '\0')
			continue;
		for (i = 0; keys[i] != NULL; i++) {
			len = strlen(keys[i]);
			if (strncmp(p, keys[i], len) == 0 && (p[len] == '\0' || p[len] == ' ' ||
			    p[len] == '\t' || p[len] == '=')) {
				item = squeeze(p);
				append(&out, ", ", item);
				free(item);
			}
		}
	}
	fclose(f);
	return out != NULL ? out : xstrdup(_("the defaults (nothing set)"));
}

void
report_probe(const struct config *cf, struct report_probes *p)
{
	static const char *const faillock_keys[] = { "deny", "unlock_time", "fail_interval",
	    "even_deny_root", NULL };
	static const char *const login_keys[] = { "PASS_MAX_DAYS", "PASS_MIN_DAYS",
	    "PASS_MIN_LEN", "PASS_WARN_AGE", "LOGIN_RETRIES", "LOGIN_TIMEOUT", NULL };
	FILE		*f;
	char		 line[256], iface[64];
	unsigned long	 dest, gw, mask;
	unsigned int	 flags;
	int		 routes = 0;

	memset(p, 0, sizeof *p);
	p->pam = pam_stack(cf->pam_service);
	p->faillock = settings("/etc/security/faillock.conf", faillock_keys);
	p->login_defs = settings("/etc/login.defs", login_keys);
	if ((f = open_at_root("/proc/net/route")) == NULL)
		return;
	/* The first line is the header. */
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "Iface", 5) == 0)
			continue;
		if (sscanf(line, "%63s %lx %lx %x %*d %*d %*d %lx", iface, &dest, &gw, &flags,
		    &mask) != 5 || (flags & 1) == 0)
			continue;	/* not up */
		routes++;
		if (dest == 0 && mask == 0 && !p->default_route) {
			p->default_route = 1;
			xasprintf(&p->route_detail, _("a default route via %lu.%lu.%lu.%lu on %s"),
			    gw & 0xff, (gw >> 8) & 0xff, (gw >> 16) & 0xff, (gw >> 24) & 0xff,
			    iface);
		}
	}
	fclose(f);
	if (!p->default_route)
		xasprintf(&p->route_detail, _("no default route (%d routes to its own "
		    "networks)"), routes);
}

void
report_probes_free(struct report_probes *p)
{
	free(p->pam);
	free(p->faillock);
	free(p->login_defs);
	free(p->route_detail);
	memset(p, 0, sizeof *p);
}
