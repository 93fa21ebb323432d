/*
 * Where the programs find their helpers (/usr/libexec/madoguchi/madoguchi-sync ...).
 */
#ifndef HELPER_PATH_H
#define HELPER_PATH_H

char	*helper_path(const char *);

#endif
