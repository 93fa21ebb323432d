/*
 * A sync conflict's reason, worded in each language the screens show. It is kept with the
 * conflict and read later, maybe by a supervisor whose screen has another language than
 * the process that pulled the change (a sysadmin's sync-now in an English shell, the
 * desk in Japanese): one wording would show the wrong one to someone (migration 39).
 */
#ifndef SYNC_REASON_H
#define SYNC_REASON_H

struct sync_reason {
	char	*en;
	char	*ja;
};

/* The reason in the process's current language, or NULL when there is none to give. */
typedef char	*(*sync_reason_fn)(const void *);

/* r in English and in Japanese, fn called once in each; NULL members where fn gave none. */
void	 sync_reason_word(struct sync_reason *, sync_reason_fn, const void *);
void	 sync_reason_free(struct sync_reason *);

#endif
