/*
 * What the terminal keeps of its Juki-net lookups (SPEC §5): each query it sent (with the
 * 事務 and the application it was made for), the answers it accepted, the periodic-check
 * jobs and the review queue of 異動 they build.
 *
 * Every query needs a purpose: a 事務区分 and a reference to the application it serves (an
 * open application on this terminal, or the reception number of the paper application
 * received at the counter), or a running periodic-check job. The My Number is a key only
 * for accounts that may handle My Numbers. Every query and every view of an answer is
 * audited (juki.query, juki.result.view), refusals too.
 *
 * The functions that record a query do not commit: the caller opens the transaction,
 * records the queries, writes the request file and commits, so that a request file exists
 * exactly when its queries are recorded (app/juki/juki-lookup.c).
 */
#ifndef JUKI_STORE_H
#define JUKI_STORE_H

#include <stddef.h>
#include <stdint.h>

struct actor;
struct db;
struct juki_result_file;

enum juki_key_kind {
	JUKI_KEY_MYNUMBER,
	JUKI_KEY_FOUR,		/* 基本4情報: name, birth date, sex, address */
	JUKI_KEY_JUMIN,		/* 住民票コード */
};

/* 2-2 事務区分 of the lookups this terminal makes. */
#define JUKI_JIMU_REGISTER	1	/* 免状の登録 */
#define JUKI_JIMU_CORRECT	2	/* 書換え・訂正 */
#define JUKI_JIMU_REISSUE	3	/* 再交付 */
#define JUKI_JIMU_PERIODIC	4	/* 定期照会 */

struct juki_query_new {
	const char		*holder_id;	/* NULL: the person is not a holder yet */
	enum juki_key_kind	 key_kind;
	const char		*key_summary;	/* what was asked, My Number masked */
	unsigned		 jimu;
	const char		*purpose_ref;	/* the reception number (受付番号), as typed */
	const char		*job_id;	/* periodic check, else NULL */
};

/*
 * Whether who may make this query (role, My Number permission, purpose); a refusal is
 * audited. Call before the transaction, so that the refusal's audit entry stays.
 */
int	 juki_query_allowed(struct db *, const struct actor *, const struct juki_query_new *,
	    char **);
/* Inside the caller's transaction: allocate 2-1, record the query as pending, audit it. */
int	 juki_query_record(struct db *, const struct actor *, const struct juki_query_new *,
	    char [37], uint64_t *, char **);
/* The outstanding request numbers of this terminal (*out malloc'd). */
int	 juki_pending_requests(struct db *, uint64_t **, size_t *, char **);
/*
 * Store a whole result file in one transaction: every answer, its query marked answered,
 * periodic-check progress and review rows. Audited as juki.result (no personal data in
 * the entry). *queries gets how many queries it answered.
 */
int	 juki_store_results(struct db *, const struct actor *, const struct juki_result_file *,
	    size_t *, char **);

struct juki_query_row {
	char		 id[37];
	uint64_t	 request_no;
	char		*holder_id;	/* NULL if none */
	char		*holder_name;	/* "" if none */
	char		*key_kind;
	char		*key_summary;
	unsigned	 jimu;
	char		*purpose_ref;
	char		*status;	/* pending, answered, failed */
	char		*failure;
	int		 result_code;	/* -1 while pending */
	int		 nresults;
	char		*requested_by;
	char		*requested_at;	/* local time */
};

/* who's own recent queries (supervisors: everyone's), newest first. */
int	 juki_query_list(struct db *, const struct actor *, int, struct juki_query_row **,
	    size_t *, char **);
void	 juki_query_rows_free(struct juki_query_row *, size_t);

struct juki_result_row {
	char		 id[37];
	char		 query_id[37];
	int		 seq;
	int		 result_code;
	int		 nresults;
	char		 matched[9];
	int		 moved;
	int		 alive;
	char		 changes[6];
	char		 jumin_code[12];
	char		*name;
	char		*kana;
	uint32_t	 birth;
	int		 sex;
	char		*address;
	int		 reason;
	uint32_t	 reason_date;
	char		 municipality[7];
	int		 nonparticipating;
	int		 pattern;
	char		*old_name;
	char		*old_kana;
	int		 gaiji;
};

/* The answers to a query (閲覧, audited). */
int	 juki_results_get(struct db *, const struct actor *, const char *,
	    struct juki_result_row **, size_t *, char **);
void	 juki_result_rows_free(struct juki_result_row *, size_t);

/* ---- The periodic check (定期照会). */

struct juki_job {
	char		 id[37];
	char		 status[12];	/* running, paused, done, cancelled */
	char		 base_date[11];
	char		 period_from[11];
	int		 batch_size;
	int64_t		 total;
	int64_t		 sent;
	int64_t		 answered;
	int64_t		 failed;
	int64_t		 changes;
	int64_t		 open_reviews;
	char		 started_by[33];
	int		 done_sending;	/* every holder has been queried */
};

/*
 * Start one (supervisors; one job at a time): every holder not erased and not merged
 * into another (the person is the holder kept), in id order.
 */
int	 juki_job_start(struct db *, const struct actor *, const char *, const char *, int,
	    struct juki_job *, char **);
/* The job not yet done or cancelled, if any (*found 0 otherwise). */
int	 juki_job_current(struct db *, struct juki_job *, int *, char **);
int	 juki_job_get(struct db *, const char *, struct juki_job *, char **);
/* running <-> paused; cancelled is final. Audited. */
int	 juki_job_set_status(struct db *, const struct actor *, const char *, const char *,
	    char **);

/* One holder as a periodic check asks about them. */
struct juki_batch_holder {
	char	 id[37];
	char	*name;		/* 姓　名 */
	char	*kana;
	char	*birth_date;	/* YYYY-MM-DD */
	int	 sex;
	char	*address;	/* address1 + address2 */
	char	*mynumber;	/* NULL if none */
};

/*
 * Inside the caller's transaction: the next holders of a running job (up to its batch
 * size) and the job's cursor moved past them; *n is 0 when every holder has been sent.
 * Allowed for supervisors with periodic.check, and for madoguchi-admin on a job a
 * supervisor started.
 */
int	 juki_job_take_batch(struct db *, const struct actor *, const char *,
	    struct juki_batch_holder **, size_t *, char **);
void	 juki_batch_free(struct juki_batch_holder *, size_t);

struct juki_review_row {
	char		 id[37];
	char		 job_id[37];
	char		 holder_id[37];
	char		 result_id[37];
	char		*holder_name;
	char		*kind;		/* moved, renamed, deceased, erased, other, notfound */
	char		*status;
	char		*created_at;
};

/* Open review rows, oldest first (juki.review). */
int	 juki_review_list(struct db *, const struct actor *, struct juki_review_row **,
	    size_t *, char **);
void	 juki_review_rows_free(struct juki_review_row *, size_t);
/* One answer by its id (for the review screen; 閲覧, audited). */
int	 juki_result_get(struct db *, const struct actor *, const char *,
	    struct juki_result_row *, char **);
void	 juki_result_row_clear(struct juki_result_row *);
/* Close a review row with a note (required). */
int	 juki_review_close(struct db *, const struct actor *, const char *, const char *,
	    char **);

/* Delete answers and finished queries older than days (SPEC §7). *n: queries removed. */
int	 juki_store_purge(struct db *, int, int64_t *, char **);

#endif
