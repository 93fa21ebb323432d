#include "config.h"

#include <string.h>

#include "session.h"

void
session_actor(const struct session *s, struct actor *who)
{
	memset(who, 0, sizeof *who);
	who->user = s->user;
	who->role = s->roles;
	who->tty = s->tty;
}
