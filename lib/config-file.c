/*
 * The configuration file. Every name is known in advance: a misspelt setting is an error
 * with its line number, not something silently ignored (an idle lock that never locks
 * because of a typo is worse than a terminal that refuses to start).
 *
 * The drop-ins beside it (madoguchi.conf.d/) let a tool or a site change one setting
 * without rewriting the packaged file. Anyone who can write one can move the database or
 * the key, so a drop-in, or the directory, that group or others may write is refused,
 * and with it the whole configuration: a terminal that starts on half of it is worse than
 * one that does not start.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

#define CONFIG_MAX_BYTES	(1024 * 1024)

/* A file of the configuration, read whole before any of them is applied. */
struct config_file {
	char	*path;
	char	*text;
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
	STR(language),
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
	STR(sync_read_host),
	STR(sync_dbname),
	STR(sync_user),
	STR(sync_cert),
	STR(sync_key),
	STR(sync_ca),
	STR(sync_signing_key),
	INT(sync_port, 1, 65535),
	INT(sync_interval_seconds, 5, 86400),
	INT(sync_batch_size, 1, 10000),
	INT(sync_pull_batch_size, 1, 10000),
	INT(sync_connect_timeout, 1, 300),
	INT(print_wait_seconds, 5, 3600),
};

static const struct setting *setting_find(const char *);
static void	append(char **, const char *);
static int	read_text(int, const char *, char **, char **);
static int	dropin_name(const char *);
static int	writable_by_others(int, const char *, int, char **);
static int	dropins_read(const char *, const char *, const char *,
		    struct config_file **, size_t *, char **);
static void	file_add(struct config_file **, size_t *, char *, char *);

static void
set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static const struct setting *
setting_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	}
	return NULL;
}

static void
append(char **text, const char *s)
{
	size_t	 len = strlen(*text), add = strlen(s);

	*text = xreallocarray(*text, len + add + 1, 1);
	memcpy(*text + len, s, add + 1);
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
	set_string(&c->language, "");
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
	set_string(&c->sync_read_host, "");
	set_string(&c->sync_dbname, "madoguchi");
	set_string(&c->sync_user, "");
	set_string(&c->sync_cert, SYSCONFDIR "/madoguchi/sync.crt");
	set_string(&c->sync_key, SYSCONFDIR "/madoguchi/sync.key");
	set_string(&c->sync_ca, SYSCONFDIR "/madoguchi/sync-ca.crt");
	set_string(&c->sync_signing_key, SYSCONFDIR "/madoguchi/sync-signing.key");
	c->sync_port = 5432;
	c->sync_interval_seconds = 60;
	c->sync_batch_size = 1000;
	c->sync_pull_batch_size = 1000;
	c->sync_connect_timeout = 10;
	c->files_read = xstrdup("");
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

	if ((s = setting_find(name)) == NULL) {
		xasprintf(cause, _("%s: unknown setting \"%s\""), where, name);
		return -1;
	}
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
		xasprintf(cause, _("%s: %s must be a whole number from %d to %d"), where, name,
		    s->min, s->max);
		return -1;
	}
	*(int *)((char *)c + s->offset) = (int)n;
	return 0;
}

/* Parses the text of a configuration file; name is used in messages. */
int
config_parse(struct config *c, const char *text, const char *name, char **cause)
{
	struct office_hours	 oh;
	char			*copy, *line, *next, *eq, *where, *why = NULL, *key;
	char			**names = NULL;	/* the names given so far, */
	int			*lines = NULL;	/* and where */
	int			 lineno = 0, rc = 0, n = 0, i;

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
			key = trim(line);
			/* A name given twice: which one was meant is anybody's guess. */
			for (i = 0; i < n && strcmp(names[i], key) != 0; i++)
				;
			if (i < n) {
				xasprintf(cause, _("%s: %s is set again (first on line %d)"),
				    where, key, lines[i]);
				rc = -1;
			} else if ((rc = apply(c, key, trim(eq + 1), where, cause)) == 0) {
				names = xreallocarray(names, n + 1, sizeof *names);
				lines = xreallocarray(lines, n + 1, sizeof *lines);
				names[n] = key;
				lines[n++] = lineno;
			}
		}
		free(where);
	}
	free(names);
	free(lines);
	free(copy);
	if (rc == 0 && strcmp(c->date_style, "wareki") != 0 &&
	    strcmp(c->date_style, "western") != 0) {
		xasprintf(cause, _("%s: date_style must be \"wareki\" or \"western\""), name);
		rc = -1;
	}
	if (rc == 0 && strcmp(c->language, "") != 0 && strcmp(c->language, "ja") != 0 &&
	    strcmp(c->language, "en") != 0) {
		xasprintf(cause, _("%s: language must be \"ja\" or \"en\""), name);
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

/* The text of the open file fd (path for messages), refused when it could not be one. */
static int
read_text(int fd, const char *path, char **text, char **cause)
{
	char	 buf[4096];
	size_t	 len = 0;
	ssize_t	 n;

	*text = xstrdup("");
	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, _("cannot read configuration %s: %s"), path,
			    strerror(errno));
			goto fail;
		}
		if (len + (size_t)n > CONFIG_MAX_BYTES) {
			xasprintf(cause, _("configuration %s is too large"), path);
			goto fail;
		}
		*text = xreallocarray(*text, len + (size_t)n + 1, 1);
		memcpy(*text + len, buf, (size_t)n);
		len += (size_t)n;
		(*text)[len] = '\0';
	}
	if (strlen(*text) != len) {
		xasprintf(cause, _("configuration %s contains a NUL byte"), path);
		goto fail;
	}
	return 0;
fail:
	free(*text);
	*text = NULL;
	return -1;
}

/* NAME.conf; hidden files are editors' and tools' temporary files (config set's too). */
static int
dropin_name(const char *name)
{
	size_t	 len = strlen(name);

	return name[0] != '.' && len > 5 && strcmp(name + len - 5, ".conf") == 0;
}

/* Whether fd (path, a directory or a drop-in) is group- or world-writable: refused. */
static int
writable_by_others(int fd, const char *path, int dir, char **cause)
{
	struct stat	 st;

	if (fstat(fd, &st) != 0) {
		xasprintf(cause, _("cannot read configuration %s: %s"), path, strerror(errno));
		return -1;
	}
	if (!dir && !S_ISREG(st.st_mode)) {
		xasprintf(cause, _("configuration %s is not a regular file"), path);
		return -1;
	}
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) == 0)
		return 0;
	if (dir)
		xasprintf(cause, _("configuration directory %s is writable by group or others "
		    "(mode %04o): refused; chmod go-w it"), path, (unsigned)(st.st_mode & 07777));
	else
		xasprintf(cause, _("configuration %s is writable by group or others (mode "
		    "%04o): refused; chmod go-w it"), path, (unsigned)(st.st_mode & 07777));
	return -1;
}

static void
file_add(struct config_file **files, size_t *n, char *path, char *text)
{
	*files = xreallocarray(*files, *n + 1, sizeof **files);
	(*files)[*n].path = path;
	(*files)[*n].text = text;
	(*n)++;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The drop-ins of the main file path, in name order, added to files. The drop-in named
 * name, if not NULL, is read as text instead of from the directory, whether it is there
 * or not: what the configuration would be with it written.
 */
static int
dropins_read(const char *path, const char *name, const char *text,
    struct config_file **files, size_t *n, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		*dir, **names = NULL, *file, *content;
	size_t		 count = 0, i;
	int		 fd, rc = -1, found = 0;

	dir = config_dropin_dir(path);
	if ((d = opendir(dir)) == NULL && errno != ENOENT) {
		xasprintf(cause, _("cannot read configuration directory %s: %s"), dir,
		    strerror(errno));
		goto out;
	}
	if (d != NULL && writable_by_others(dirfd(d), dir, 1, cause) != 0)
		goto out;
	errno = 0;
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (!dropin_name(de->d_name))
			continue;
		found |= name != NULL && strcmp(de->d_name, name) == 0;
		names = xreallocarray(names, count + 1, sizeof *names);
		names[count++] = xstrdup(de->d_name);
	}
	if (d != NULL && errno != 0) {
		xasprintf(cause, _("cannot read configuration directory %s: %s"), dir,
		    strerror(errno));
		goto out;
	}
	if (name != NULL && !found) {
		names = xreallocarray(names, count + 1, sizeof *names);
		names[count++] = xstrdup(name);
	}
	if (count > 0)
		qsort(names, count, sizeof *names, name_cmp);
	for (i = 0; i < count; i++) {
		xasprintf(&file, "%s/%s", dir, names[i]);
		if (name != NULL && strcmp(names[i], name) == 0) {
			file_add(files, n, file, xstrdup(text));
			continue;
		}
		if ((fd = openat(dirfd(d), names[i], O_RDONLY | O_CLOEXEC | O_NOCTTY)) ==
		    -1) {
			xasprintf(cause, _("cannot open configuration %s: %s"), file,
			    strerror(errno));
			free(file);
			goto out;
		}
		if (writable_by_others(fd, file, 0, cause) != 0 ||
		    read_text(fd, file, &content, cause) != 0) {
			close(fd);
			free(file);
			goto out;
		}
		close(fd);
		file_add(files, n, file, content);
	}
	rc = 0;
out:
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	if (d != NULL)
		closedir(d);
	free(dir);
	return rc;
}

/* The drop-in directory of the main file path ("madoguchi.conf.d"). Allocated. */
char *
config_dropin_dir(const char *path)
{
	char	*dir;

	xasprintf(&dir, "%s.d", path);
	return dir;
}

int
config_load(struct config *c, const char *path, char **cause)
{
	return config_load_with(c, path, NULL, NULL, cause);
}

/*
 * The file at path, then its drop-ins; the drop-in name (if not NULL) as if its text were
 * text. Every file is read and allowed before any is applied, so a refused drop-in leaves
 * c as it was.
 */
int
config_load_with(struct config *c, const char *path, const char *name, const char *text,
    char **cause)
{
	struct config_file	*files = NULL;
	size_t			 n = 0, i;
	char			*content;
	int			 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		xasprintf(cause, _("cannot open configuration %s: %s"), path, strerror(errno));
		return -1;
	}
	if (read_text(fd, path, &content, cause) != 0) {
		close(fd);
		return -1;
	}
	close(fd);
	file_add(&files, &n, xstrdup(path), content);
	if (dropins_read(path, name, text, &files, &n, cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (config_parse(c, files[i].text, files[i].path, cause) != 0)
			goto out;
	}
	free(c->files_read);
	c->files_read = xstrdup("");
	for (i = 0; i < n; i++) {
		append(&c->files_read, files[i].path);
		append(&c->files_read, "\n");
	}
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		free(files[i].path);
		free(files[i].text);
	}
	free(files);
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
	free(c->files_read);
	memset(c, 0, sizeof *c);
}

/* Whether this terminal syncs with a central store: sync_host is set. */
int
config_syncs(const struct config *c)
{
	return c->sync_host != NULL && *c->sync_host != '\0';
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

/* A setting's value as a file would say it; NULL for a name that is not a setting. */
char *
config_value(const struct config *c, const char *name)
{
	const struct setting	*s;
	const char		*field;
	char			*value;

	if ((s = setting_find(name)) == NULL)
		return NULL;
	field = (const char *)c + s->offset;
	if (s->type == SETTING_STRING)
		return xstrdup(*(char *const *)field);
	if (s->type == SETTING_YESNO)
		return xstrdup(*(const int *)field ? "yes" : "no");
	xasprintf(&value, "%d", *(const int *)field);
	return value;
}

/*
 * Every setting in effect, "name = value" a line in the table's order: what config show
 * prints and what the database keeps as the configuration last seen. Allocated.
 */
char *
config_shown(const struct config *c)
{
	char	*text, *value, *line;
	size_t	 i;

	text = xstrdup("");
	for (i = 0; i < sizeof settings / sizeof settings[0]; i++) {
		value = config_value(c, settings[i].name);
		xasprintf(&line, "%s =%s%s\n", settings[i].name, *value != '\0' ? " " : "",
		    value);
		append(&text, line);
		free(line);
		free(value);
	}
	return text;
}

/* The line of name in a config_shown() text, and its length; NULL if it has none. */
static const char *
shown_find(const char *text, const char *name, size_t namelen, size_t *len)
{
	const char	*line, *end;

	for (line = text; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		if ((size_t)(end - line) > namelen && strncmp(line, name, namelen) == 0 &&
		    line[namelen] == ' ') {
			*len = (size_t)(end - line);
			return line;
		}
	}
	return NULL;
}

/*
 * The names whose lines differ between two config_shown() texts, ", " between them, or
 * NULL when none does. A name in only one of them is a setting that a newer or older
 * program added or dropped, not a change anybody made: it does not count. Allocated.
 */
char *
config_shown_diff(const char *old, const char *new)
{
	const char	*line, *end, *was;
	char		*names = NULL, *name;
	size_t		 namelen, len, waslen;

	for (line = new; *line != '\0'; line = *end != '\0' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		len = (size_t)(end - line);
		namelen = strcspn(line, " \n");
		if ((was = shown_find(old, line, namelen, &waslen)) == NULL ||
		    (waslen == len && strncmp(was, line, len) == 0))
			continue;
		name = xstrndup(line, namelen);
		if (names == NULL)
			names = xstrdup("");
		else
			append(&names, ", ");
		append(&names, name);
		free(name);
	}
	return names;
}

/* Whether a line of a configuration file sets name. */
static int
line_sets(const char *line, const char *name)
{
	char	*copy, *eq;
	int	 sets;

	copy = xstrdup(line);
	if ((eq = strchr(copy, '=')) != NULL)
		*eq = '\0';
	sets = eq != NULL && *trim(copy) != '#' && strcmp(trim(copy), name) == 0;
	free(copy);
	return sets;
}

/*
 * A configuration file's text with "name = value" set: the first line of name replaced
 * and any later one dropped (it would win), or a line added at the end. Comments and the
 * other settings stay as they were. Allocated.
 */
char *
config_text_set(const char *text, const char *name, const char *value)
{
	char	*out, *copy, *line, *next, *set;
	int	 done = 0;

	xasprintf(&set, "%s = %s\n", name, value);
	out = xstrdup("");
	copy = xstrdup(text);
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else if (*line == '\0')
			break;		/* after the last newline */
		if (line_sets(line, name)) {
			if (!done)
				append(&out, set);
			done = 1;
			continue;
		}
		append(&out, line);
		append(&out, "\n");
	}
	if (!done)
		append(&out, set);
	free(copy);
	free(set);
	return out;
}

int
config_era_dates(const struct config *cf)
{
	return cf == NULL || cf->date_style == NULL || strcmp(cf->date_style, "western") != 0;
}
