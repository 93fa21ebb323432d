/* db/, storage: the encrypted database itself (key, open, migrations); subsystems below it.
 * May use: lib/ and db/ only (the include path and scripts/check-layers enforce it). */
/*
 * SQLCipher's page crypto with the OpenSSL objects kept (issue 28, item 2).
 *
 * SQLCipher 4.6's OpenSSL provider fetches HMAC from OpenSSL's provider tables, makes a MAC
 * context, keys it, and frees it all again for every page it reads or writes; AES-256-CBC
 * likewise (SQLCipher issue #597). On OpenSSL 3 that setup was a fifth of an encrypted
 * search's processor time. This provider computes the same functions with the same
 * algorithms, so every byte on disk is what SQLCipher's own would write, but fetches HMAC
 * and AES-256-CBC once per process and keeps one keyed MAC context and one keyed cipher
 * context per connection, keyed again only when the key, the digest or the direction
 * changes.
 *
 * The provider's layout and SQLCipher's rules for it are not in the installed headers; they
 * are SQLCipher 4.6.1's (src/sqlcipher.h, src/sqlcipher.c), the same from 4.5.6 to 4.6.1.
 * What those rules mean here:
 * - SQLCipher copies the registered provider into each connection's codec when it is
 *   keyed, and calls ctx_init/ctx_free around the connection's life with a pointer that
 *   starts NULL: that is where the per-connection contexts live.
 * - sqlcipher_register_provider takes the provider and frees the one it replaces with
 *   sqlcipher_free; so the provider is allocated with sqlcipher_malloc.
 * - When the last keyed connection of the process closes, SQLCipher frees the provider and
 *   its own mutexes, leaves a dangling mutex pointer, and installs its own provider again at
 *   the next key. Registering between those two would lock freed memory. So one in-memory
 *   keyed connection is opened first and kept for the life of the process: SQLCipher stays
 *   active, the registration happens while its mutexes are live, and the provider stays.
 * - Only the functions that do per-page work are replaced; the rest (random bytes, the KDF,
 *   sizes, names of algorithms, FIPS status) are SQLCipher's own, copied from the provider
 *   it installed.
 */
#include "config.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <stddef.h>
#include <string.h>

#include "cipher-provider.h"
#include "db-internal.h"

/* The largest key SQLCipher hands a MAC (its key size, 32) with room to spare. */
#define MAC_KEY_MAX	64
#define CIPHER_KEY_SIZE	32	/* AES-256 */

/* One connection's contexts, in SQLCipher's locked memory; the keys are copies of its own. */
struct page_crypto {
	EVP_MAC_CTX	*mac;
	int		 mac_alg;		/* -1 while not keyed */
	int		 mac_key_size;
	unsigned char	 mac_key[MAC_KEY_MAX];
	EVP_CIPHER_CTX	*cipher;
	int		 cipher_mode;		/* -1 while not keyed */
	unsigned char	 cipher_key[CIPHER_KEY_SIZE];
};

static int	 installed;		/* 0 not tried, 1 in place, -1 SQLCipher's own kept */
static sqlite3	*pin;			/* keeps SQLCipher active: see the top of the file */
static EVP_MAC	*hmac_alg;		/* fetched once, kept for the life of the process */
static EVP_CIPHER *aes_alg;

static int	 provider_ctx_init(void **);
static int	 provider_ctx_free(void **);
static const char *provider_name(void *);
static int	 provider_hmac(void *, int, unsigned char *, int, unsigned char *, int,
		    unsigned char *, int, unsigned char *);
static int	 provider_cipher(void *, int, unsigned char *, int, unsigned char *,
		    unsigned char *, int, unsigned char *);
static const char *digest_name(int);
static int	 pin_is(const char *, const char *);

static int
provider_ctx_init(void **ctx)
{
	struct page_crypto	*pc;

	if ((pc = sqlcipher_malloc(sizeof *pc)) == NULL)
		return SQLITE_NOMEM;
	pc->mac_alg = -1;
	pc->cipher_mode = -1;
	pc->mac = EVP_MAC_CTX_new(hmac_alg);
	pc->cipher = EVP_CIPHER_CTX_new();
	if (pc->mac == NULL || pc->cipher == NULL) {
		*ctx = pc;
		provider_ctx_free(ctx);
		return SQLITE_NOMEM;
	}
	*ctx = pc;
	return SQLITE_OK;
}

/* OpenSSL wipes the key schedules it freed; the copies of the keys are wiped here. */
static int
provider_ctx_free(void **ctx)
{
	struct page_crypto	*pc = *ctx;

	if (pc == NULL)
		return SQLITE_OK;
	EVP_MAC_CTX_free(pc->mac);
	EVP_CIPHER_CTX_free(pc->cipher);
	OPENSSL_cleanse(pc, sizeof *pc);
	sqlcipher_free(pc, sizeof *pc);
	*ctx = NULL;
	return SQLITE_OK;
}

static const char *
provider_name(void *ctx)
{
	(void)ctx;
	return CIPHER_PROVIDER_NAME;
}

static const char *
digest_name(int alg)
{
	switch (alg) {
	case SQLCIPHER_HMAC_SHA1:
		return "SHA1";
	case SQLCIPHER_HMAC_SHA256:
		return "SHA256";
	case SQLCIPHER_HMAC_SHA512:
		return "SHA512";
	}
	return NULL;
}

/*
 * HMAC(key, in || in2). A context already keyed with the same key and digest is only
 * reset, which keeps the key's inner and outer pads: the two hash blocks SQLCipher's own
 * spends on every page.
 */
static int
provider_hmac(void *ctx, int alg, unsigned char *key, int key_size, unsigned char *in,
    int in_size, unsigned char *in2, int in2_size, unsigned char *out)
{
	struct page_crypto	*pc = ctx;
	OSSL_PARAM		 params[2];
	const char		*digest;
	size_t			 size;
	int			 same;

	if (pc == NULL || in == NULL || key_size < 0 || (digest = digest_name(alg)) == NULL)
		return SQLITE_ERROR;
	same = pc->mac_alg == alg && pc->mac_key_size == key_size &&
	    CRYPTO_memcmp(pc->mac_key, key, (size_t)key_size) == 0;
	if (same) {
		if (!EVP_MAC_init(pc->mac, NULL, 0, NULL))
			goto fail;
	} else {
		pc->mac_alg = -1;
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
		    (char *)digest, 0);
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_MAC_init(pc->mac, key, (size_t)key_size, params))
			goto fail;
		/* A key too long to keep is used, not kept: the next page keys again. */
		if (key_size <= MAC_KEY_MAX) {
			memcpy(pc->mac_key, key, (size_t)key_size);
			pc->mac_key_size = key_size;
			pc->mac_alg = alg;
		}
	}
	if (!EVP_MAC_update(pc->mac, in, (size_t)in_size))
		goto fail;
	if (in2 != NULL && !EVP_MAC_update(pc->mac, in2, (size_t)in2_size))
		goto fail;
	size = EVP_MAC_CTX_get_mac_size(pc->mac);
	if (size == 0 || !EVP_MAC_final(pc->mac, out, &size, size))
		goto fail;
	return SQLITE_OK;

fail:
	/* Whatever state OpenSSL left, the next page keys from scratch. */
	pc->mac_alg = -1;
	return SQLITE_ERROR;
}

/*
 * AES-256-CBC without padding of in_size bytes (a whole number of blocks). The key's
 * schedule is kept while the key and the direction stay the same: decrypting needs
 * another schedule than encrypting. Like SQLCipher's own, key_size is not consulted: the
 * key is the cipher's 32 bytes.
 */
static int
provider_cipher(void *ctx, int mode, unsigned char *key, int key_size, unsigned char *iv,
    unsigned char *in, int in_size, unsigned char *out)
{
	struct page_crypto	*pc = ctx;
	OSSL_PARAM		 params[2];
	unsigned int		 padding = 0;
	int			 size, last, enc = mode ? 1 : 0;

	(void)key_size;
	if (pc == NULL || in_size < 0)
		return SQLITE_ERROR;
	/* Padding off at every start: with it on, the last block would go past out. */
	params[0] = OSSL_PARAM_construct_uint(OSSL_CIPHER_PARAM_PADDING, &padding);
	params[1] = OSSL_PARAM_construct_end();
	if (pc->cipher_mode == enc &&
	    CRYPTO_memcmp(pc->cipher_key, key, CIPHER_KEY_SIZE) == 0) {
		if (!EVP_CipherInit_ex2(pc->cipher, NULL, NULL, iv, enc, params))
			goto fail;
	} else {
		pc->cipher_mode = -1;
		if (!EVP_CipherInit_ex2(pc->cipher, aes_alg, key, iv, enc, params))
			goto fail;
		memcpy(pc->cipher_key, key, CIPHER_KEY_SIZE);
		pc->cipher_mode = enc;
	}
	if (!EVP_CipherUpdate(pc->cipher, out, &size, in, in_size))
		goto fail;
	if (!EVP_CipherFinal_ex(pc->cipher, out + size, &last) || size + last != in_size)
		goto fail;
	return SQLITE_OK;

fail:
	pc->cipher_mode = -1;
	return SQLITE_ERROR;
}

/* Whether the pinned connection's PRAGMA (a query) starts with want. */
static int
pin_is(const char *sql, const char *want)
{
	sqlite3_stmt	*stmt;
	const char	*got;
	int		 ok = 0;

	if (sqlite3_prepare_v2(pin, sql, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		got = (const char *)sqlite3_column_text(stmt, 0);
		ok = got != NULL && strncmp(got, want, strlen(want)) == 0;
	}
	sqlite3_finalize(stmt);
	return ok;
}

void
cipher_provider_keep_stock(void)
{
	if (installed == 0)
		installed = -1;
}

int
cipher_provider_install(void)
{
	/* Keys nothing: the pinned database is in memory and never written. */
	static const char	 pin_key[] = "x'0000000000000000000000000000000000000000"
				    "000000000000000000000000'";
	sqlcipher_provider	*stock, *p;

	if (installed != 0)
		return installed > 0;
	installed = -1;

	if (sqlite3_open_v2(":memory:", &pin, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		goto fail;
	(void)sqlite3_exec(pin, "PRAGMA cipher_log_source = NONE", NULL, NULL, NULL);
	if (sqlite3_key_v2(pin, "main", pin_key, (int)strlen(pin_key)) != SQLITE_OK)
		goto fail;
	/* The layout above is 4.6's; SQLCipher's own must be the OpenSSL one it replaces. */
	if (!pin_is("PRAGMA cipher_version", "4.6.") ||
	    !pin_is("PRAGMA cipher_provider", "openssl"))
		goto fail;
	stock = sqlcipher_get_provider();
	if (stock == NULL || stock->get_provider_name == NULL ||
	    strcmp(stock->get_provider_name(NULL), "openssl") != 0 ||
	    stock->get_key_sz(NULL) != CIPHER_KEY_SIZE)
		goto fail;

	if (hmac_alg == NULL)
		hmac_alg = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (aes_alg == NULL)
		aes_alg = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL);
	if (hmac_alg == NULL || aes_alg == NULL)
		goto fail;

	if ((p = sqlcipher_malloc(sizeof *p)) == NULL)
		goto fail;
	memcpy(p, stock, sizeof *p);
	p->get_provider_name = provider_name;
	p->hmac = provider_hmac;
	p->cipher = provider_cipher;
	p->ctx_init = provider_ctx_init;
	p->ctx_free = provider_ctx_free;
	if (sqlcipher_register_provider(p) != SQLITE_OK || sqlcipher_get_provider() != p)
		goto fail;
	installed = 1;
	return 1;

fail:
	/*
	 * SQLCipher keeps its own provider. The pinned connection stays open if it was
	 * keyed: closing it would be the moment SQLCipher frees its mutexes, for nothing.
	 */
	return 0;
}
