/*
 * The helpers' directory is fixed when the package is built (LIBEXECDIR/madoguchi).
 * MADOGUCHI_LIBEXECDIR replaces it for programs run from the build tree (the tests, the
 * demo, the benches), as TEXTDOMAINDIR does for the catalogues. It is read from the
 * environment, as those are, also by a process started as root: whoever sets the
 * environment of a root process already is root, and sudo and systemd units start with
 * a clean one.
 */
#include "config.h"

#include <stdlib.h>

#include "helper-path.h"
#include "xmalloc.h"

/* The helper's path, allocated. */
char *
helper_path(const char *name)
{
	const char	*dir;
	char		*path;

	if ((dir = getenv("MADOGUCHI_LIBEXECDIR")) == NULL || *dir == '\0')
		dir = LIBEXECDIR "/" PACKAGE;
	xasprintf(&path, "%s/%s", dir, name);
	return path;
}
