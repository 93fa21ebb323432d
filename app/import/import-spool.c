/* The import spool (import-spool.h). */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "export/export-cms.h"
#include "i18n.h"
#include "import/import-spool.h"
#include "xmalloc.h"

static int
file_cmp(const void *a, const void *b)
{
	return strcmp(((const struct import_file *)a)->name,
	    ((const struct import_file *)b)->name);
}

int
import_spool_list(const char *dir, struct import_file **out, size_t *n, char **cause)
{
	struct import_file	*v = NULL, *f;
	struct dirent		*de;
	struct stat		 sb;
	DIR			*d;
	size_t			 k = 0;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL) {
		xasprintf(cause, _("cannot read the import spool %s: %s"), dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		v = xreallocarray(v, k + 1, sizeof *v);
		f = &v[k++];
		memset(f, 0, sizeof *f);
		f->name = xstrdup(de->d_name);
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			xasprintf(&f->why, _("cannot be read: %s"), strerror(errno));
		else if (S_ISLNK(sb.st_mode))
			f->why = xstrdup(_("a link: only the file itself is taken"));
		else if (!S_ISREG(sb.st_mode))
			f->why = xstrdup(_("not a regular file"));
		else if ((size_t)sb.st_size > IMPORT_MAX_FILE)
			xasprintf(&f->why, _("larger than %zu MiB"), IMPORT_MAX_FILE >> 20);
		else if (strlen(de->d_name) > 255 || escape_needed(de->d_name))
			f->why = xstrdup(_("a name with control characters"));
		f->size = (int64_t)sb.st_size;
	}
	closedir(d);
	if (k > 0)
		qsort(v, k, sizeof *v, file_cmp);
	*out = v;
	*n = k;
	return 0;
}

void
import_spool_list_free(struct import_file *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].why);
	}
	free(v);
}

void
import_spool_buf_free(char *buf, size_t len)
{
	if (buf != NULL)
		explicit_bzero(buf, len);
	free(buf);
}

int
import_spool_read(const char *dir, const char *name, char **out, size_t *len,
    char sha256[65], char **cause)
{
	struct stat	 before, after;
	char		*path, *buf = NULL;
	size_t		 got = 0;
	ssize_t		 r;
	int		 fd = -1;

	*out = NULL;
	*len = 0;
	if (*name == '\0' || *name == '.' || strchr(name, '/') != NULL) {
		xasprintf(cause, _("\"%s\" is no name of a file in the import spool"), name);
		return -1;
	}
	xasprintf(&path, "%s/%s", dir, name);
	/* O_NONBLOCK: a FIFO put there does not hang the desk; it is refused below. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)) == -1) {
		if (errno == ELOOP)
			xasprintf(cause, _("%s is a link: only the file itself is imported"),
			    name);
		else
			xasprintf(cause, _("cannot open %s: %s"), name, strerror(errno));
		goto fail;
	}
	if (fstat(fd, &before) != 0 || !S_ISREG(before.st_mode)) {
		xasprintf(cause, _("%s is not a regular file"), name);
		goto fail;
	}
	if ((size_t)before.st_size > IMPORT_MAX_FILE) {
		xasprintf(cause, _("%s is larger than %zu MiB"), name, IMPORT_MAX_FILE >> 20);
		goto fail;
	}
	buf = xmalloc((size_t)before.st_size + 1);
	while (got < (size_t)before.st_size) {
		r = read(fd, buf + got, (size_t)before.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	/* One byte more than it had: it grew while read. */
	if (got == (size_t)before.st_size && read(fd, &buf[got], 1) > 0)
		got++;
	if (fstat(fd, &after) != 0 || got != (size_t)before.st_size ||
	    after.st_size != before.st_size || after.st_ino != before.st_ino ||
	    after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
	    after.st_mtim.tv_nsec != before.st_mtim.tv_nsec) {
		xasprintf(cause, _("%s changed while it was read: copy it again and wait until "
		    "the copy is complete"), name);
		goto fail;
	}
	close(fd);
	free(path);
	buf[got] = '\0';
	export_sha256_hex(buf, got, sha256);
	*out = buf;
	*len = got;
	return 0;
fail:
	if (fd != -1)
		close(fd);
	import_spool_buf_free(buf, buf != NULL ? (size_t)before.st_size + 1 : 0);
	free(path);
	return -1;
}
