/* Every screen, by name. */
#ifndef SCREENS_H
#define SCREENS_H

#include "auth.h"
#include "ui.h"

extern const struct screen_ops screen_start;
extern const struct screen_ops screen_login;
extern const struct screen_ops screen_menu;
extern const struct screen_ops screen_lock;
extern const struct screen_ops screen_account_request;
extern const struct screen_ops screen_account_register;
extern const struct screen_ops screen_account_review;
extern const struct screen_ops screen_account_approve;
extern const struct screen_ops screen_rolefn;

/* The PAM conversation drawn as dialogs (an auth_conv_fn; arg is the struct ui). */
int	screen_conv(void *, int, const struct auth_prompt *, char **);

#endif
