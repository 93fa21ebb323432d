/* Record ids (lib/uuid.c). */
#ifndef UUID_H
#define UUID_H

#include <stddef.h>

#define UUID_STRLEN	36

/* One id into the buffer; -1 if the system gave no time or no randomness. */
int	uuid_generate(char [UUID_STRLEN + 1]);
/* n ids, each sorting after the one before; cheaper than n calls of uuid_generate. */
int	uuid_generate_n(char (*)[UUID_STRLEN + 1], size_t);
/* The one id of name within space, the same on every terminal; -1 on a digest failure. */
int	uuid_from_name(const char *, const char *, char [UUID_STRLEN + 1]);
int	uuid_valid(const char *);

#endif
