#ifndef UUID_H
#define UUID_H

#define UUID_STRLEN	36

int	uuid_generate(char [UUID_STRLEN + 1]);
int	uuid_valid(const char *);

#endif
