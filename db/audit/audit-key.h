/*
 * Where the audit chain's MAC key and its head outside the database come from (SPEC §8):
 * two root-only files beside the database key. A database that still holds its own key
 * (schema 7: the audit_secret table) has it moved out to the file by the first open that
 * may do so (madoguchi-admin, the monitor), and its head file made.
 */
#ifndef AUDIT_KEY_H
#define AUDIT_KEY_H

struct db;
struct audit_files;

enum audit_key_mode {
	AUDIT_KEY_READ,		/* verify only: the head is read, never moved */
	AUDIT_KEY_WRITE,	/* append: the head follows every commit */
	AUDIT_KEY_MOVE		/* append, and make the files for an older database */
};

int	 audit_files_load(const char *, const char *, enum audit_key_mode,
	    struct audit_files **, char **);
void	 audit_files_use(struct db *, struct audit_files *);
void	 audit_files_free(struct audit_files *);
int	 audit_key_open(struct db *, const char *, const char *, enum audit_key_mode,
	    char **);
int	 audit_key_in_database(struct db *);

#endif
