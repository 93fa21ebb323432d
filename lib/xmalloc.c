/* lib/, the bottom layer: memory, messages, keys, configuration, UUIDs, text width,
 * iconv, validators, synthetic persons, the Juki record codec. May use: nothing above lib/. */
/* Allocation wrappers: an out-of-memory terminal cannot do anything useful, so abort. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static void __attribute__((noreturn))
out_of_memory(size_t size)
{
	fprintf(stderr, "madoguchi: out of memory (allocating %zu bytes)\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		out_of_memory(size);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		out_of_memory(n * size);
	return p;
}

void *
xreallocarray(void *ptr, size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if (size != 0 && n > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	if ((p = realloc(ptr, n * size)) == NULL)
		out_of_memory(n * size);
	return p;
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		out_of_memory(strlen(s) + 1);
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		out_of_memory(n + 1);
	return p;
}

int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	 n;

	if ((n = vasprintf(ret, fmt, ap)) < 0)
		out_of_memory(strlen(fmt));
	return n;
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}
