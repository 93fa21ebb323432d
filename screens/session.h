/* The logged-in person: who, in which roles, at which terminal. */
#ifndef SESSION_H
#define SESSION_H

#include "audit/audit.h"

struct monitor;

struct session {
	char		 user[64];
	char		 full_name[128];
	char		 roles[128];
	char		 tty[64];
	int		 mynumber_allowed;
	struct monitor	*mon;
};

void	session_actor(const struct session *, struct actor *);

#endif
