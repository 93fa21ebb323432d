/*
 * Corrections beyond the holder's identity items (issue 25): a registration's items
 * (holder screen 'e') and the My Number (holder screen 'k').
 */
#ifndef SCREEN_REG_CORRECT_ITEMS_H
#define SCREEN_REG_CORRECT_ITEMS_H

struct ui;

/* arg: struct register_target with the registration to correct. */
extern const struct screen_ops screen_correction_items;
/* arg: struct register_target; opened by correction_mynumber_open. */
extern const struct screen_ops screen_correction_mynumber;

/*
 * Opens the My Number correction of holder_id for an account that may handle My Numbers;
 * any other is refused here, with the refusal audited, before anything is typed.
 */
void	 correction_mynumber_open(struct ui *, const char *);

#endif
