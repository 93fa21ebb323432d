/*
 * Certificate numbers (SPEC §6): unique across every terminal because each terminal hands
 * out only numbers of blocks leased to it, from the central store by sync or, until sync
 * runs, configured by an administrator (madoguchi-admin number-block). A number leaves a
 * block once and is recorded with what it went to; it is never handed out again.
 *
 * A number is taken inside the transaction that issues the certificate (the approval of
 * a registration): the number, its record of use and the registration are committed
 * together or not at all. A crash before the commit leaves the number unused and unseen
 * (nothing outside the transaction ever held it); a crash after leaves it used. Either
 * way no number is used twice, and no number is lost except those passed over because
 * they were already in the register (typed by hand), which are recorded as skipped.
 */
#ifndef CERT_NUMBERS_H
#define CERT_NUMBERS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define CERT_NUMBER_SIZE	21	/* prefix (8) + 12 digits + NUL */
#define CERT_PREFIX_MAX		8
#define CERT_NUMBER_LAST	INT64_C(999999999999)

struct cert_block {
	int64_t	 id;
	char	 source[8];		/* "admin" or "central" */
	char	 prefix[CERT_PREFIX_MAX + 1];
	int64_t	 first;
	int64_t	 last;
	int64_t	 next;			/* the next number to hand out; last + 1 when used up */
	int	 exhausted;
	char	 added_at[32];
	char	 central[12];		/* local, unconfirmed, confirmed or refused */
	char	 central_note[256];	/* why the central store refused it */
};

/*
 * Add the block first..last (inclusive) with prefix (letters, digits, '-', at most 8,
 * not ending in a digit)
 * from source "admin" or "central" (sync calls this for blocks leased from the central
 * store). Refused if it overlaps a block of the same prefix. Runs inside the caller's
 * transaction if one is open (so that the caller may audit it in the same one), otherwise
 * in its own. *id (if not NULL) gets the block's id.
 */
/* Whether prefix, first and last make a block (what cert_numbers_add_block refuses). */
int	 cert_numbers_check_block(const char *, int64_t, int64_t, char **);
int	 cert_numbers_add_block(struct db *, const char *, const char *, int64_t, int64_t,
	    char **);
int	 cert_numbers_add_block_id(struct db *, const char *, const char *, int64_t,
	    int64_t, const char *, int64_t *, char **);

/*
 * On a terminal that syncs, an administrator's block is handed out only once the central
 * store registered it as this terminal's: its state "local" (the terminal does not sync),
 * "unconfirmed" (not registered yet), "confirmed", or "refused" (note: why). Leased blocks
 * are confirmed from the start. cert_numbers_set_central records what the store said.
 */
int	 cert_numbers_set_central(struct db *, int64_t, const char *, const char *, char **);

/*
 * The next number for used_for (the registration's id; "import" for a register imported
 * with its numbers, as the demo data is), in the caller's transaction
 * (refused outside one), from a block that is local or confirmed. When every block is used up: -1 and a message saying to add a
 * block; nothing is changed.
 */
int	 cert_numbers_take(struct db *, const char *, char [CERT_NUMBER_SIZE], char **);
/*
 * n numbers into out, as n calls of cert_numbers_take would give them (the open blocks in
 * the order of their ids, each number in turn, passing over and recording as skipped any
 * already in the register, the ledger or a pending application), but reading what is in
 * use once per block: for a bulk import. -1 and the same message when too few are left.
 */
int	 cert_numbers_take_many(struct db *, const char *, size_t, char (*)[CERT_NUMBER_SIZE],
	    char **);

/* The text of number n of a block: prefix and n, zero-padded to at least 6 digits. */
void	 cert_number_format(const char *, int64_t, int64_t, char [CERT_NUMBER_SIZE]);

/* Every block, oldest first, and how many numbers are left in all of them. */
int	 cert_numbers_list(struct db *, struct cert_block **, size_t *, int64_t *, char **);

#endif
