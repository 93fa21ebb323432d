/*
 * The database key: 256 random bits, kept in a root/monitor-only file as 64 hex digits,
 * held in locked memory and wiped when freed.
 */
#ifndef KEYFILE_H
#define KEYFILE_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#define KEY_BYTES	32

struct key {
	uint8_t	 bytes[KEY_BYTES];
};

struct key	*key_new(void);
void		 key_free(struct key *);
int		 key_owner_check(const char *, uid_t, uid_t, char **);
int		 key_load(const char *, struct key *, char **);
int		 key_generate(struct key *, char **);
int		 key_save(const char *, const struct key *, char **);
int		 key_derive(const struct key *, const char *, uint8_t *, size_t);

#endif
