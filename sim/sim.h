/*
 * madoguchi-juki-sim: the gateway side of the Juki-net file exchange, for development and
 * tests. It is the other party to the contract in docs/juki-format.md and shares no code
 * with the terminal's codec (lib/juki-*, lib/charconv.*): everything here is written again
 * from the document, so that a misreading on either side shows up as a failing test instead
 * of two programs agreeing on the same mistake.
 */
#ifndef SIM_H
#define SIM_H

#include <stddef.h>
#include <stdint.h>

/* ---- sim-cp932.c: the simulator's own CP932 conversion. */

struct sim_cp932;

struct sim_cp932	*sim_cp932_open(void);
void			 sim_cp932_close(struct sim_cp932 *);
/*
 * UTF-8 -> CP932 for a full-width field: ASCII turned full-width, characters CP932 lacks
 * written as user-defined codes (0xF040-0xF9FC), counted in *gaiji. Returns the number of
 * bytes written to out (at most outsize), or -1 if the text does not fit or is not UTF-8.
 */
int	 sim_cp932_encode(struct sim_cp932 *, const char *, char *, size_t, int *);
/* CP932 -> UTF-8 (NUL-terminated, malloc'd), or NULL if the bytes are not CP932. */
char	*sim_cp932_decode(struct sim_cp932 *, const char *, size_t);

/* ---- sim-file.c: the layout, reading request files, writing result files. */

#define SIM_REQ_RECLEN	400
#define SIM_RES_RECLEN	1000
#define SIM_ECHO_LEN	398

/* Items of a data record in layout order; offsets are summed up by sim_layout_init. */
enum sim_item {
	SI_TYPE,
	SI_REQNO, SI_JIMU, SI_MN_JIMU, SI_SUBJECT, SI_FROM, SI_TO, SI_BASE, SI_ERASED,
	SI_Q_JUMIN, SI_Q_NAME, SI_Q_KANA, SI_W_BIRTH, SI_W_SEX, SI_W_ADDR, SI_W_MYNUM,
	SI_W_REASON, SI_Q_BIRTH, SI_Q_SEX, SI_Q_ADDR, SI_Q_MUNI, SI_Q_MYNUM, SI_Q_SPARE,
	SI_RESULT, SI_NRES, SI_SEQ, SI_MATCHED, SI_MOVED, SI_ALIVE, SI_CHANGES, SI_JUMIN,
	SI_NAME, SI_KANA, SI_BIRTH, SI_SEX, SI_ADDR, SI_MYNUM, SI_REASON, SI_RDATE,
	SI_G_NAME, SI_G_ADDR, SI_G_RECS, SI_MUNI, SI_NONPART, SI_PATTERN, SI_OLD,
	SI_OLD_KANA, SI_G_OLD, SI_SPARE,
	SI__N
};

struct sim_item_def {
	const char	*item;
	int		 width;
	char		 kind;		/* 'X', '9', 'N' */
	int		 offset;	/* filled in */
};

extern struct sim_item_def	sim_items[SI__N];
void	sim_layout_init(void);

/* One query as read from a request file. Strings are UTF-8, "" when absent. */
struct sim_query {
	char		 raw[SIM_ECHO_LEN];	/* the 398 bytes, repeated in the answer */
	int		 bad;			/* the record breaks a field rule: answer 90 */
	uint64_t	 reqno;
	int		 jimu, mn_jimu;
	uint32_t	 from, to, base;
	int		 want_erased;
	char		 jumin[12];
	char		*name, *kana, *address;
	int		 w_birth, w_sex, w_addr, w_mynum, w_reason;
	uint32_t	 birth;
	int		 sex;
	char		 muni[7];
	char		 mynum[13];
};

struct sim_request_file {
	char			 file_id[33];
	char			 terminal_id[33];
	int			 mode;
	struct sim_query	*q;
	size_t			 n;
};

int	 sim_request_read(struct sim_cp932 *, const char *, size_t,
	    struct sim_request_file *, char **);
void	 sim_request_free(struct sim_request_file *);

/* One result record to write, before encoding. */
struct sim_answer {
	size_t		 query;			/* index into the request file */
	int		 result;		/* 00, 10, 20, 30, 9x */
	int		 nres, seq;
	char		 matched[9];
	int		 moved, alive;
	char		 changes[6];
	char		 jumin[12];
	const char	*name, *kana, *address;
	uint32_t	 birth;
	int		 sex;
	char		 mynum[13];
	int		 reason;
	uint32_t	 rdate;
	char		 muni[7];
	int		 nonpart, pattern;
	const char	*old, *old_kana;
};

enum sim_fault {
	SIM_FAULT_NONE,
	SIM_FAULT_COUNT,	/* header count off by one */
	SIM_FAULT_CHECKSUM,	/* trailer SHA-256 altered */
	SIM_FAULT_TRUNCATED,	/* file cut in the middle of a record */
	SIM_FAULT_NUL,		/* a NUL byte inside a name */
	SIM_FAULT_ENCODING,	/* an unassigned CP932 code in a name */
	SIM_FAULT_TERMINAL,	/* header names another terminal */
	SIM_FAULT_UNKNOWN,	/* an answer to a request number nobody asked */
	SIM_FAULT_DUPLICATE,	/* the first answer sent twice */
	SIM_FAULT_LENGTH,	/* one record a byte short */
	SIM_FAULT_LF,		/* LF instead of CR LF */
	SIM_FAULT_GAIJI,	/* 氏名外字数 one more than the name holds */
	SIM_FAULT__N
};

const char	*sim_fault_name(enum sim_fault);
int		 sim_fault_parse(const char *, enum sim_fault *);

int	 sim_result_write(struct sim_cp932 *, const struct sim_request_file *,
	    const struct sim_answer *, size_t, const char *, enum sim_fault, char **,
	    size_t *, char **);

/* ---- sim-people.c: the synthetic residents and the search. */

struct sim_world;

struct sim_world	*sim_world_new(uint64_t, size_t);
void			 sim_world_free(struct sim_world *);
/*
 * Resident i as a register holder would have been recorded (before any change the world
 * applies), and the change the world holds for them: event is a 2-37 異動事由 code (0 for
 * none), effective from edate. i < the number of residents asked for.
 */
struct sim_holder {
	const char	*name, *kana, *address, *muni, *mynumber, *jumin;
	uint32_t	 birth;
	int		 sex;
	int		 event;
	uint32_t	 edate;
	int		 namesake;	/* another resident shares name, birth date and sex */
	int		 gaiji;		/* the name holds characters CP932 lacks (外字) */
};
size_t	 sim_world_size(const struct sim_world *);
int	 sim_world_holder(const struct sim_world *, size_t, struct sim_holder *);

/* Answer every query of a request file; *out is malloc'd, strings owned by the world. */
int	 sim_world_answer(struct sim_world *, const struct sim_request_file *,
	    struct sim_answer **, size_t *);

#endif
