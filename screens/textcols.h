/* Terminal columns of UTF-8 text, for the screen layer (uses the locale, as curses does). */
#ifndef TEXTCOLS_H
#define TEXTCOLS_H

int	 textcols_width(const char *);
char	*textcols_clip(const char *, int);

#endif
