/* Lists of words separated by spaces, as accounts hold their roles and procedures. */
#ifndef WORDS_H
#define WORDS_H

/* Whether list holds word as a whole word. */
int	 words_has(const char *, const char *);

#endif
