/* A text as a JSON string: the sync batches and the self-inspection report write JSON. */
#ifndef JSON_STRING_H
#define JSON_STRING_H

/* s with its quotes, allocated; control characters escaped, UTF-8 kept as it is. */
char	*json_string(const char *);

#endif
