/* Shared by the files of db/ only: SQLCipher's page crypto with OpenSSL objects kept. */
#ifndef CIPHER_PROVIDER_H
#define CIPHER_PROVIDER_H

#include "db-internal.h"

/*
 * From SQLCipher 4.6.1's src/sqlcipher.h, which the packages do not install: the
 * provider's layout (the same from 4.5.6 to 4.6.1) and the functions around it, which
 * libsqlcipher exports. The tests call the providers through it too.
 */
#define SQLCIPHER_HMAC_SHA1	0
#define SQLCIPHER_HMAC_SHA256	1
#define SQLCIPHER_HMAC_SHA512	2

typedef struct {
	int		 (*activate)(void *);
	int		 (*deactivate)(void *);
	const char	*(*get_provider_name)(void *);
	int		 (*add_random)(void *, void *, int);
	int		 (*random)(void *, void *, int);
	int		 (*hmac)(void *, int, unsigned char *, int, unsigned char *, int,
			    unsigned char *, int, unsigned char *);
	int		 (*kdf)(void *, int, const unsigned char *, int, unsigned char *, int,
			    int, int, unsigned char *);
	int		 (*cipher)(void *, int, unsigned char *, int, unsigned char *,
			    unsigned char *, int, unsigned char *);
	const char	*(*get_cipher)(void *);
	int		 (*get_key_sz)(void *);
	int		 (*get_iv_sz)(void *);
	int		 (*get_block_sz)(void *);
	int		 (*get_hmac_sz)(void *, int);
	int		 (*ctx_init)(void **);
	int		 (*ctx_free)(void **);
	int		 (*fips_status)(void *);
	const char	*(*get_provider_version)(void *);
} sqlcipher_provider;

int			 sqlcipher_register_provider(sqlcipher_provider *);
sqlcipher_provider	*sqlcipher_get_provider(void);
void			*sqlcipher_malloc(sqlite_uint64);
void			 sqlcipher_free(void *, sqlite_uint64);

/*
 * Puts madoguchi's SQLCipher crypto provider in place of SQLCipher's own, once per
 * process, before the first database is keyed: same algorithms, same bytes on disk, but
 * the OpenSSL objects a page needs are made once per connection instead of once per page
 * (issue 28; SQLCipher issue #597). Returns 1 when it is in place, 0 when SQLCipher keeps
 * its own (another SQLCipher than the one whose provider layout this was written for, or
 * OpenSSL refused); either way databases open, only the speed differs. From one thread
 * only, as madoguchi's processes open their databases.
 */
int		 cipher_provider_install(void);
/*
 * Keeps SQLCipher's own provider in this process: for bench/search and the tests, which
 * compare the two. Called before the first database is opened.
 */
void		 cipher_provider_keep_stock(void);

/* The name PRAGMA cipher_provider gives for connections keyed with it. */
#define CIPHER_PROVIDER_NAME	"openssl-madoguchi"

#endif
