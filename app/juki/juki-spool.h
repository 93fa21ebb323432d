/*
 * The spool directories between the terminal and the gateway (SPEC §5): request files go
 * to the outbound directory, result files arrive in the inbound one, and a result file that
 * fails to parse is moved whole to the quarantine directory with a note saying why.
 *
 * Files appear under their final name only when complete (temporary name, fsync, rename),
 * so that neither side ever reads half a file; names starting with '.' are never read.
 */
#ifndef JUKI_SPOOL_H
#define JUKI_SPOOL_H

#include <stddef.h>

struct charconv;
struct juki_expect;
struct juki_result_file;

#define JUKI_REQ_PREFIX		"JKREQ_"
#define JUKI_RES_PREFIX		"JKRES_"
#define JUKI_SUFFIX		".dat"

/* A result file larger than this is refused before it is read (1 GiB: a million records). */
#define JUKI_SPOOL_MAX_FILE	((size_t)1 << 30)

/* "JKREQ_<file id>.dat" and "JKRES_<file id>.dat"; NULL if the id is not valid. */
char	*juki_request_filename(const char *);
char	*juki_result_filename(const char *);

/* What a spool holds besides its files: left where it is, never read (juki_spool_list). */
struct juki_stray {
	char	*name;		/* as it is, unescaped */
	char	*why;		/* why it is not taken, translated */
};

int	 juki_spool_write(const char *, const char *, const void *, size_t, char **);
int	 juki_spool_list(const char *, const char *, char ***, size_t *, struct juki_stray **,
	    size_t *, char **);
void	 juki_spool_list_free(char **, size_t);
void	 juki_spool_strays_free(struct juki_stray *, size_t);
int	 juki_spool_read(const char *, size_t, char **, size_t *, char **);
void	 juki_spool_buf_free(char *, size_t);
int	 juki_spool_quarantine(const char *, const char *, const char *, char **,
	    char **);

/*
 * Told of every rejected file: action "juki.result.reject", target "file:<name>",
 * result "rejected", detail the cause. The caller writes it to the audit log
 * (db/audit/audit.h); the spool code does not reach into the database.
 */
typedef void (*juki_audit_fn)(void *, const char *, const char *, const char *,
	    const char *);

/*
 * Read and parse inbound/NAME. On success *out holds the whole file and the file stays in
 * the spool until the caller has applied it (then it unlinks or archives it). On any fault
 * the file is moved to the quarantine directory, audit is called, and -1 returned with a
 * cause naming the file, the fault and where the file went.
 */
int	 juki_spool_import(struct charconv *, const char *, const char *, const char *,
	    const struct juki_expect *, juki_audit_fn, void *, struct juki_result_file **,
	    char **);

#endif
