/*
 * When this terminal last made a backup and tested one, as its audit log tells
 * (admin.backup, admin.restore-test): for madoguchi-admin status and its --check.
 */
#ifndef BACKUP_LOG_H
#define BACKUP_LOG_H

struct db;

struct backup_log {
	char	*backup_at;	/* the newest backup, UTC ISO 8601 as stored, or NULL */
	double	 backup_age;	/* seconds since it; without one, since the log began */
	char	*test_at;	/* the newest restore test, or NULL */
	char	*test_result;	/* its result, "ok" or "failed" */
	char	*test_backup;	/* the file name of the backup it tested */
};

int	 backup_log_read(struct db *, struct backup_log *, char **);
void	 backup_log_clear(struct backup_log *);

#endif
