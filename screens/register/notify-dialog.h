/*
 * A notification (届出) filed at the holder's screen, and the form it leads to (see
 * notify-dialog.c). 0 when the notification was recorded, -1 otherwise (message set).
 */
#ifndef NOTIFY_DIALOG_H
#define NOTIFY_DIALOG_H

#include "register/register.h"
#include "ui.h"

int	 notify_at_holder(struct ui *, const char *, const struct holder_view *);

struct notify_filed;

/* What a notification leading to 消除 filed, on the message line. */
void	 notify_say_filed(struct ui *, const struct notify_filed *);

#endif
