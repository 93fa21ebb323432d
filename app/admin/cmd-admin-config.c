/*
 * madoguchi-admin config: the configuration in effect, and one setting changed in the
 * open, with an audit entry.
 *
 *	madoguchi-admin config show [--config FILE]
 *	madoguchi-admin config set KEY VALUE [--config FILE] [--db PATH] [--key PATH]
 *
 * set writes the drop-in madoguchi.conf.d/50-madoguchi-admin.conf, never the packaged
 * file (an upgrade would ask about it, or replace it). The new value is checked by loading
 * the whole configuration as it would be with the drop-in written, so the parser's range
 * checks and cross-checks (date_style, office_hours, office_id) refuse it exactly as a
 * start would. The database is opened before anything is written: a change that cannot
 * be audited is not made. The configuration it leaves is stored as seen, so the next
 * start does not take it for a change made outside the tool (audit_config_notice).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "audit/audit.h"
#include "audit/audit-config.h"
#include "config-file.h"
#include "i18n.h"
#include "xmalloc.h"

/* What a new drop-in starts with: an edit made by hand is audited, but not as who did it. */
#define DROPIN_HEADER \
	"# Written by madoguchi-admin config set. Change it with that command: a change\n" \
	"# made here is audited at the next start, without who made it.\n"

static int	cmd_config_exec(int, char **);
static int	config_show(const struct admin_db_opts *);
static int	config_set(const struct admin_db_opts *, const char *, const char *);
static int	one_line(const char *);
static int	dropin_read(const char *, char **, char **);
static int	dropin_write(const char *, const char *, const char *, char **);
static int	set_audited(struct db *, const char *, const char *, const char *,
		    const char *, const struct config *, const struct config *);

const struct admin_cmd admin_cmd_config = {
	.name = "config",
	.usage = "show [--config FILE] | set KEY VALUE [--config FILE] [--db PATH] "
	    "[--key PATH]",
	.summary = N_("show the configuration in effect, or change one setting (audited)"),
	.exec = cmd_config_exec,
};

static int
config_show(const struct admin_db_opts *o)
{
	struct config	 c;
	char		*cause = NULL, *shown, *files, *line, *next;

	if (config_open(&c, o->config, NULL, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		free(cause);
		config_free(&c);
		return ADMIN_EXIT_OPEN;
	}
	if (*c.files_read == '\0')
		printf(_("# no configuration file: the built-in defaults\n"));
	files = xstrdup(c.files_read);
	for (line = files; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		printf(_("# read: %s\n"), line);
	}
	free(files);
	shown = config_shown(&c);
	fputs(shown, stdout);
	free(shown);
	config_free(&c);
	return ADMIN_EXIT_OK;
}

/* Whether s is one line without control characters: a value cannot add a line of its own. */
static int
one_line(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	}
	return 1;
}

/* The drop-in's text as it is, to keep its other lines; a header when there is none yet. */
static int
dropin_read(const char *path, char **text, char **cause)
{
	FILE	*f;
	char	 buf[4096];
	size_t	 n, len = 0;

	*text = xstrdup("");
	if ((f = fopen(path, "re")) == NULL) {
		if (errno != ENOENT) {
			xasprintf(cause, _("cannot read %s: %s"), path, strerror(errno));
			return -1;
		}
		free(*text);
		*text = xstrdup(DROPIN_HEADER);
		return 0;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		*text = xreallocarray(*text, len + n + 1, 1);
		memcpy(*text + len, buf, n);
		len += n;
		(*text)[len] = '\0';
	}
	if (ferror(f)) {
		xasprintf(cause, _("cannot read %s: %s"), path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/*
 * Replaces the drop-in at path in dir whole: a temporary file beside it (a dot-name, which
 * the configuration never reads), written, made 0644 and synced, then renamed over it and
 * the directory synced. A crash leaves the old drop-in or the new one, never half of one.
 */
static int
dropin_write(const char *dir, const char *path, const char *text, char **cause)
{
	char	*tmp;
	size_t	 len = strlen(text), done = 0;
	ssize_t	 n;
	int	 fd, dfd, rc = -1;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		xasprintf(cause, _("cannot create %s: %s"), dir, strerror(errno));
		return -1;
	}
	xasprintf(&tmp, "%s/.%s.XXXXXX", dir, CONFIG_ADMIN_DROPIN);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		xasprintf(cause, _("cannot create %s: %s"), tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	while (done < len) {
		if ((n = write(fd, text + done, len - done)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done != len || fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), tmp, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		xasprintf(cause, _("cannot write %s: %s"), path, strerror(errno));
		goto out;
	}
	/* Renamed: the change is made, and audited even if its name is not on disk yet. */
	rc = 0;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 || fsync(dfd) != 0) {
		fprintf(stderr, "%s: ", program_invocation_short_name);
		fprintf(stderr, _("cannot write directory %s to disk: %s"), dir,
		    strerror(errno));
		fprintf(stderr, "\n");
	}
	if (dfd != -1)
		close(dfd);
out:
	if (rc != 0)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}

/*
 * In one transaction: a change made outside since the configuration was last seen,
 * audited first; the set itself; the new configuration stored as seen. The drop-in is
 * written inside it, so that a failed write leaves no entry, and a failed commit a drop-in
 * that the next start audits as changed outside.
 */
static int
set_audited(struct db *db, const char *dir, const char *path, const char *text,
    const char *key, const struct config *old, const struct config *new)
{
	struct actor	 who;
	char		*cause = NULL, *was, *now, *detail, *old_shown, *new_shown;
	int		 rc = ADMIN_EXIT_FAIL, written = 0;

	was = config_value(old, key);
	now = config_value(new, key);
	xasprintf(&detail, "%s -> %s", was, now);
	old_shown = config_shown(old);
	new_shown = config_shown(new);
	admin_actor(&who);
	if (db_begin(db, &cause) != 0)
		goto out;
	if (audit_config_notice(db, &who, old_shown, &cause) != 0 ||
	    audit_actor(db, &who, "config.set", key, "ok", detail, &cause) != 0 ||
	    audit_config_seen_store(db, new_shown, &cause) != 0 ||
	    dropin_write(dir, path, text, &cause) != 0) {
		db_rollback(db);
		goto out;
	}
	written = 1;
	if (db_commit(db, &cause) != 0)
		goto out;
	printf(_("%s: %s -> %s, written to %s; madoguchi uses it from its next start\n"),
	    key, was, now, path);
	rc = ADMIN_EXIT_OK;
out:
	if (cause != NULL) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
		if (written)
			fprintf(stderr, _("%s: %s was written but not audited; the "
			    "next start audits it as changed outside madoguchi-admin\n"),
			    program_invocation_short_name, path);
		else
			fprintf(stderr, _("%s: nothing was changed\n"),
			    program_invocation_short_name);
	}
	free(cause);
	free(was);
	free(now);
	free(detail);
	free(old_shown);
	free(new_shown);
	return rc;
}

static int
config_set(const struct admin_db_opts *o, const char *key, const char *value)
{
	struct config	 old, new, want;
	struct db	*db;
	const char	*used;
	char		*cause = NULL, *dir = NULL, *path = NULL, *text = NULL, *set = NULL;
	char		*now = NULL, *wanted = NULL, *line;
	int		 rc = ADMIN_EXIT_OPEN;

	config_defaults(&new);
	config_defaults(&want);
	if (config_open(&old, o->config, &used, &cause) != 0)
		goto out;
	if (used == NULL) {
		xasprintf(&cause, _("there is no configuration file %s for the drop-in to go "
		    "beside; give --config FILE"), CONFIG_DEFAULT_PATH);
		goto out;
	}
	dir = config_dropin_dir(used);
	xasprintf(&path, "%s/%s", dir, CONFIG_ADMIN_DROPIN);
	if (dropin_read(path, &text, &cause) != 0)
		goto out;

	/* What a start would make of it: the whole configuration with the drop-in written. */
	rc = ADMIN_EXIT_FAIL;
	if ((now = config_value(&old, key)) == NULL) {
		xasprintf(&cause, _("unknown setting \"%s\"; nothing was changed"), key);
		goto out;
	}
	free(now);
	now = NULL;
	if (!one_line(value)) {
		xasprintf(&cause, _("the value of %s must be one line without control "
		    "characters; nothing was changed"), key);
		goto out;
	}
	set = config_text_set(text, key, value);
	if (config_load_with(&new, used, CONFIG_ADMIN_DROPIN, set, &cause) != 0) {
		line = cause;
		xasprintf(&cause, _("%s; nothing was changed"), line);
		free(line);
		goto out;
	}
	/* A drop-in read after this one that sets the key too would make the change a lie. */
	xasprintf(&line, "%s = %s\n", key, value);
	if (config_parse(&want, line, "madoguchi-admin", &cause) == 0) {
		now = config_value(&new, key);
		wanted = config_value(&want, key);
		if (strcmp(now, wanted) != 0)
			xasprintf(&cause, _("%s stays %s: a drop-in read after %s sets it; "
			    "nothing was changed"), key, now, path);
	}
	free(line);
	if (cause != NULL)
		goto out;

	/* Only a change that can be audited is made. */
	if ((db = admin_open(o, DB_OPEN_EXISTING)) == NULL) {
		fprintf(stderr, _("%s: nothing was changed\n"), program_invocation_short_name);
		rc = ADMIN_EXIT_OPEN;
		goto out;
	}
	rc = set_audited(db, dir, path, set, key, &old, &new);
	db_close(db);
out:
	if (cause != NULL)
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, cause);
	free(cause);
	free(dir);
	free(path);
	free(text);
	free(set);
	free(now);
	free(wanted);
	config_free(&old);
	config_free(&new);
	config_free(&want);
	return rc;
}

static int
cmd_config_exec(int argc, char **argv)
{
	static const struct option longopts[] = { ADMIN_DB_LONGOPTS, { NULL, 0, NULL, 0 } };
	struct admin_db_opts	 o;
	const char		*what;
	int			 ch;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, ADMIN_DB_SHORTOPTS, longopts, NULL)) != -1) {
		if (admin_db_opt(&o, ch, optarg) == 0)
			continue;
		admin_usage(&admin_cmd_config, ch == 'h' ? stdout : stderr);
		return ch == 'h' ? ADMIN_EXIT_OK : ADMIN_EXIT_USAGE;
	}
	what = optind < argc ? argv[optind] : "";
	/* show reads only the configuration: a --db or --key would change nothing it says. */
	if (strcmp(what, "show") == 0 && argc - optind == 1 && o.db == NULL && o.key == NULL)
		return config_show(&o);
	if (strcmp(what, "set") == 0 && argc - optind == 3)
		return config_set(&o, argv[optind + 1], argv[optind + 2]);
	admin_usage(&admin_cmd_config, stderr);
	return ADMIN_EXIT_USAGE;
}
