/* screens/widgets/: fields, forms, lists and dialogs that every screen shares.
 * May use: lib/, screens/. */
/*
 * The widget layer (like tmux's mode-tree.c or htop's Panel.c): a text field, a form of
 * fields, a list, and modal dialogs. Screens compose these; none of them knows about the
 * database.
 */
#ifndef WIDGET_H
#define WIDGET_H

#include <stddef.h>
#include <wchar.h>

#include "ui.h"

#define FIELD_MAX_BYTES	4096

/* A one-line text field holding UTF-8; the cursor moves by characters. */
struct field {
	const char	*label;
	char		 text[FIELD_MAX_BYTES];
	size_t		 len;		/* bytes */
	size_t		 cursor;	/* byte offset, always at a character boundary */
	int		 max_chars;	/* 0: up to the buffer */
	int		 masked;	/* echo off: shown as '*' */
	int		 changed;
	char		*error;		/* shown under the field */
	const char	*locked;	/* why it takes no typing (shown when tried), or NULL */
	const char	*rule;		/* what it takes (translated), shown by F1, or NULL */
	const char	*mark;		/* where the value came from (「カード読取」), at its right */
};

void	 field_init(struct field *, const char *, int, int);
void	 field_set(struct field *, const char *);
void	 field_clear(struct field *);
int	 field_key(struct field *, const struct key_event *);
void	 field_draw(struct field *, int, int, int, int);
void	 field_set_error(struct field *, const char *);
void	 field_free(struct field *);

/* Fields stacked with labels; Tab/Shift-Tab (and Up/Down) move between them. */
struct form {
	struct field	*fields;
	int		 n;
	int		 current;
	int		 label_width;
	int		 top;		/* first field shown when the form scrolls */
	int		 unfocused;	/* keys go elsewhere: no field shows the cursor */
};

void	 form_init(struct form *, struct field *, int);
int	 form_key(struct form *, const struct key_event *);
void	 form_draw(struct form *, int, int, int);
void	 form_draw_in(struct form *, int, int, int, int);
int	 form_changed(const struct form *);
int	 form_has_errors(const struct form *);
void	 form_focus_first_error(struct form *);
/*
 * The keys every data-entry screen shares: F10 logs out and Esc leaves (each asking first
 * when something was typed), F2 submits, Enter goes to the next field and submits on the last.
 * *submit says when the screen should check and submit.
 */
enum key_result form_screen_key(struct form *, struct ui *, const struct key_event *,
	    int *);

/* A scrolling list of rows the screen draws itself through a callback. */
struct list {
	int	 n;
	int	 selected;
	int	 top;
	void	 (*draw_row)(void *, int, int, int, int, int);	/* arg, row, y, x, width, selected */
	void	*arg;
};

void	 list_init(struct list *, int, void (*)(void *, int, int, int, int, int), void *);
int	 list_key(struct list *, const struct key_event *, int);
void	 list_draw(struct list *, int, int, int, int);

/* The hint bar on line y: the screen's keys, F1 and F10 always among them. */
void	 hints_draw(int, int, const struct key_hint *);

/* Modal dialogs: draw over the screen and read keys until answered. */
int	 dialog_confirm(struct ui *, const char *, const char *);
void	 dialog_message(struct ui *, const char *, const char *);
int	 dialog_input(struct ui *, const char *, const char *, int, char *, size_t);
/*
 * What was answered to a question of n numbered choices: the choice (0-based) typed as
 * its number 1..n, spaces around it taken; empty gives def; anything else -1.
 */
int	 dialog_choice_number(const char *, int, int);
int	 dialog_input_from(struct ui *, const char *, const char *, const char *, char *,
	    size_t);

#endif
