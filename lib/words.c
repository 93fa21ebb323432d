/* Lists of words separated by spaces (words.h). */
#include "config.h"

#include <string.h>

#include "words.h"

int
words_has(const char *list, const char *word)
{
	size_t		 n = strlen(word);
	const char	*p;

	if (n == 0)
		return 0;
	for (p = list; (p = strstr(p, word)) != NULL; p += n) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	}
	return 0;
}
