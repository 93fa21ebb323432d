/* app/import/: bringing files in from media (SPEC §9, issue 21).
 * May use: lib/, db/, app/. */
/*
 * The import spool: where files brought on media wait for their request's decision. A
 * file is read only as what it is: never through a link, only a regular file, and a file
 * that changes while it is read is refused (its size, time or inode moved).
 */
#ifndef IMPORT_SPOOL_H
#define IMPORT_SPOOL_H

#include <stddef.h>
#include <stdint.h>

/* Larger is no batch a desk imports (a Juki-net result file of a million records fits). */
#define IMPORT_MAX_FILE	((size_t)1 << 30)

struct import_file {
	char	*name;
	int64_t	 size;
	char	*why;		/* NULL: a file that can be requested; else why not */
};

/* Every name in the spool but those starting with '.', sorted. */
int	 import_spool_list(const char *, struct import_file **, size_t *, char **);
void	 import_spool_list_free(struct import_file *, size_t);
/* dir/name read whole (allocated, NUL-terminated) with its SHA-256 in hex. */
int	 import_spool_read(const char *, const char *, char **, size_t *, char [65],
	    char **);
void	 import_spool_buf_free(char *, size_t);

#endif
