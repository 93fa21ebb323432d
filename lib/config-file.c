/*
 * The configuration file. Every name is known in advance: a misspelt setting is an error
 * with its line number, not something silently ignored (an idle lock that never locks
 * because of a typo is worse than a terminal that refuses to start).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config-file.h"
#include "i18n.h"
#include "office-hours.h"
#include "xmalloc.h"

enum setting_type { SETTING_STRING, SETTING_INT, SETTING_YESNO };

struct setting {
	const char		*name;
	enum setting_type	 type;
	size_t			 offset;
	int			 min, max;
};

#define STR(f)		{ #f, SETTING_STRING, offsetof(struct config, f), 0, 0 }
#define INT(f, lo, hi)	{ #f, SETTING_INT, offsetof(struct config, f), lo, hi }
#define YESNO(f)	{ #f, SETTING_YESNO, offsetof(struct config, f), 0, 1 }

static const struct setting settings[] = {
	STR(db_path),
	STR(key_path),
	STR(audit_key),
	STR(audit_head),
	STR(terminal_id),
	STR(allowed_terminals),
	STR(pam_service),
	STR(juki_outbound),
	STR(juki_inbound),
	STR(juki_quarantine),
	STR(date_style),
	STR(office_id),
	STR(office_name),
	STR(office_key),
	STR(printer),
	STR(cert_spool),
	STR(backup_dir),
	INT(backup_keep, 1, 1000),
	STR(export_spool),
	INT(max_export_grant_hours, 1, 720),
	YESNO(print_two_person_check),
	STR(import_spool),
	INT(training_grace_days, 1, 365),
	STR(office_hours),
	INT(idle_lock_minutes, 1, 240),
	INT(account_idle_days, 1, 3650),
	INT(juki_result_retention_days, 0, 3650),
	INT(local_mynumber_retention_days, 0, 36500),
	INT(max_offline_days, 1, 365),
	YESNO(offline_login_everyone),
	INT(max_pending_changes, 1, 10000000),
	INT(max_clock_skew_seconds, 1, 86400),
	STR(sync_host),
	STR(sync_dbname),
	STR(sync_user),
	STR(sync_cert),
	STR(sync_key),
	STR(sync_ca),
	STR(sync_signing_key),
	INT(sync_port, 1, 65535),
	INT(sync_interval_seconds, 5, 86400),
	INT(sync_batch_size, 1, 10000),
	INT(sync_connect_timeout, 1, 300),
	INT(print_wait_seconds, 5, 3600),
};

static void
set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	set_string(&c->db_path, LOCALSTATEDIR "/lib/madoguchi/madoguchi.db");
	set_string(&c->key_path, SYSCONFDIR "/madoguchi/db.key");
	set_string(&c->audit_key, "");
	set_string(&c->audit_head, "");
	set_string(&c->terminal_id, "");
	set_string(&c->allowed_terminals, "*");
	set_string(&c->pam_service, "madoguchi");
	set_string(&c->juki_outbound, LOCALSTATEDIR "/spool/madoguchi/juki/out");
	set_string(&c->juki_inbound, LOCALSTATEDIR "/spool/madoguchi/juki/in");
	set_string(&c->juki_quarantine, LOCALSTATEDIR "/spool/madoguchi/juki/quarantine");
	set_string(&c->date_style, "wareki");
	set_string(&c->office_id, "");
	set_string(&c->office_name, "");
	set_string(&c->office_key, SYSCONFDIR "/madoguchi/office.key");
	set_string(&c->printer, "");
	set_string(&c->cert_spool, LOCALSTATEDIR "/spool/madoguchi/certificates");
	set_string(&c->backup_dir, LOCALSTATEDIR "/backups/madoguchi");
	c->backup_keep = 7;
	set_string(&c->export_spool, LOCALSTATEDIR "/spool/madoguchi/export");
	c->max_export_grant_hours = 72;
	set_string(&c->import_spool, LOCALSTATEDIR "/spool/madoguchi/import");
	c->training_grace_days = 30;
	c->print_wait_seconds = 120;
	set_string(&c->office_hours, "08:30-17:15 mon-fri");
	c->idle_lock_minutes = 5;
	c->account_idle_days = 90;
	c->juki_result_retention_days = 30;
	c->local_mynumber_retention_days = 0;
	c->max_offline_days = 7;
	c->max_pending_changes = 10000;
	c->max_clock_skew_seconds = 300;
	set_string(&c->sync_host, "");
	set_string(&c->sync_dbname, "madoguchi");
	set_string(&c->sync_user, "");
	set_string(&c->sync_cert, SYSCONFDIR "/madoguchi/sync.crt");
	set_string(&c->sync_key, SYSCONFDIR "/madoguchi/sync.key");
	set_string(&c->sync_ca, SYSCONFDIR "/madoguchi/sync-ca.crt");
	set_string(&c->sync_signing_key, SYSCONFDIR "/madoguchi/sync-signing.key");
	c->sync_port = 5432;
	c->sync_interval_seconds = 60;
	c->sync_batch_size = 1000;
	c->sync_connect_timeout = 10;
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

static int
apply(struct config *c, const char *name, const char *value, const char *where,
    char **cause)
{
	const struct setting	*s;
	char			*end;
	long			 n;
	size_t			 i;

	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		s = &settings[i];
		if (strcmp(s->name, name) != 0)
			continue;
		if (s->type == SETTING_STRING) {
			set_string((char **)((char *)c + s->offset), value);
			return 0;
		}
		if (s->type == SETTING_YESNO) {
			if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
				xasprintf(cause, _("%s: %s must be yes or no"), where, name);
				return -1;
			}
			*(int *)((char *)c + s->offset) = strcmp(value, "yes") == 0;
			return 0;
		}
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno != 0 || *value == '\0' || *end != '\0' || n < s->min || n > s->max) {
			xasprintf(cause, _("%s: %s must be a whole number from %d to %d"),
			    where, name, s->min, s->max);
			return -1;
		}
		*(int *)((char *)c + s->offset) = (int)n;
		return 0;
	}
	xasprintf(cause, _("%s: unknown setting \"%s\""), where, name);
	return -1;
}

/* Parses the text of a configuration file; name is used in messages. */
int
config_parse(struct config *c, const char *text, const char *name, char **cause)
{
	struct office_hours	 oh;
	char			*copy, *line, *next, *eq, *where, *why = NULL;
	int			 lineno = 0, rc = 0;

	copy = xstrdup(text);
	for (line = copy; line != NULL && rc == 0; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		xasprintf(&where, "%s:%d", name, lineno);
		if ((eq = strchr(line, '=')) == NULL) {
			xasprintf(cause, _("%s: expected \"name = value\""), where);
			rc = -1;
		} else {
			*eq = '\0';
			rc = apply(c, trim(line), trim(eq + 1), where, cause);
		}
		free(where);
	}
	free(copy);
	if (rc == 0 && strcmp(c->date_style, "wareki") != 0 &&
	    strcmp(c->date_style, "western") != 0) {
		xasprintf(cause, _("%s: date_style must be \"wareki\" or \"western\""), name);
		rc = -1;
	}
	/* What the unusual-use flags count as outside office hours (db/audit/audit-flags.c). */
	if (rc == 0 && office_hours_parse(c->office_hours, &oh, &why) != 0) {
		xasprintf(cause, "%s: %s", name, why);
		free(why);
		rc = -1;
	}
	/* The office id goes into every signed certificate record: short, plain ASCII. */
	if (rc == 0 && (strlen(c->office_id) > 32 || strspn(c->office_id,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") !=
	    strlen(c->office_id))) {
		xasprintf(cause, _("%s: office_id must be at most 32 letters, digits, '-', '_' "
		    "or '.'"), name);
		rc = -1;
	}
	return rc;
}

int
config_load(struct config *c, const char *path, char **cause)
{
	FILE	*f;
	char	*text = NULL;
	size_t	 len = 0, n;
	char	 buf[4096];
	int	 rc;

	if ((f = fopen(path, "re")) == NULL) {
		xasprintf(cause, _("cannot open configuration %s: %s"), path, strerror(errno));
		return -1;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (len + n > 1024 * 1024) {
			xasprintf(cause, _("configuration %s is too large"), path);
			fclose(f);
			free(text);
			return -1;
		}
		text = xreallocarray(text, len + n + 1, 1);
		memcpy(text + len, buf, n);
		len += n;
	}
	fclose(f);
	if (text == NULL)
		text = xstrdup("");
	text[len] = '\0';
	if (memchr(text, '\0', len) != NULL) {
		xasprintf(cause, _("configuration %s contains a NUL byte"), path);
		free(text);
		return -1;
	}
	rc = config_parse(c, text, path, cause);
	free(text);
	return rc;
}

/*
 * The defaults, then the file at path; without a path, the default file if there is one
 * (a tool run without --config on a machine without a configuration runs on the
 * defaults). *used is the file read, NULL for none.
 */
int
config_open(struct config *c, const char *path, const char **used, char **cause)
{
	config_defaults(c);
	if (path == NULL && access(CONFIG_DEFAULT_PATH, F_OK) == 0)
		path = CONFIG_DEFAULT_PATH;
	if (used != NULL)
		*used = path;
	return path != NULL ? config_load(c, path, cause) : 0;
}

void
config_free(struct config *c)
{
	size_t	 i;

	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		if (settings[i].type == SETTING_STRING)
			free(*(char **)((char *)c + settings[i].offset));
	}
	memset(c, 0, sizeof *c);
}

/* Whether tty (e.g. "tty1", "pts/3") is in allowed_terminals; "*" allows any. */
int
config_terminal_allowed(const struct config *c, const char *tty)
{
	char	*copy, *word, *save;
	int	 found = 0;

	copy = xstrdup(c->allowed_terminals);
	for (word = strtok_r(copy, " \t,", &save); word != NULL && !found;
	    word = strtok_r(NULL, " \t,", &save))
		found = strcmp(word, "*") == 0 || strcmp(word, tty) == 0;
	free(copy);
	return found;
}

/*
 * The path of a file kept beside the database key: the setting when it is not empty,
 * else name in key_path's directory (root-only, where the key is). Allocated.
 */
char *
config_beside_key(const char *setting, const char *key_path, const char *name)
{
	const char	*slash;
	char		*path;

	if (setting != NULL && *setting != '\0')
		return xstrdup(setting);
	if ((slash = strrchr(key_path, '/')) == NULL)
		return xstrdup(name);
	xasprintf(&path, "%.*s/%s", (int)(slash - key_path), key_path, name);
	return path;
}
