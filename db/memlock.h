/* All of the process's memory locked, for cipher_memory_security (see memlock.c). */
#ifndef MEMLOCK_H
#define MEMLOCK_H

/* Locks all memory if nothing limits it; 1 when locked. Called by db_open. */
int	 memlock_init(void);
int	 memlock_active(void);
/* Why memory is not locked (the limit, a failed call), in English for the log; NULL if it is. */
const char *memlock_reason(void);

/*
 * SQLCipher's wipe, a symbol of libsqlcipher that its own code calls through the PLT:
 * defined here, so that those calls come to this faster one with the same effect. The
 * length is SQLite's sqlite_uint64 (unsigned long long).
 */
void	*sqlcipher_memset(void *, unsigned char, unsigned long long);

#endif
