/*
 * A new Juki-net lookup (SPEC §5): the key (My Number, the four basic items, or the
 * 住民票コード), the 事務 and the application it is for. From a holder's record the four
 * items come filled in. Sent, the screen gives way to the query list waiting for the
 * answer.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "card/card-dialog.h"
#include "config-file.h"
#include "i18n.h"
#include "reception/reception.h"
#include "juki/juki-lookup.h"
#include "register/register.h"
#include "screens.h"
#include "session.h"
#include "widgets/widget.h"
#include "xmalloc.h"

enum {
	F_KIND, F_MYNUMBER, F_JUMIN, F_NAME, F_KANA, F_BIRTH, F_SEX, F_ADDRESS, F_JIMU, F_REF,
	F_COUNT
};

struct jnew_state {
	struct ui	*ui;
	int		 from_list;	/* Esc goes back to the query list */
	char		*holder_id;
	char		*holder_target;	/* "holder:ID", for the audit of a card read */
	char		*holder_name;
	int		 from_card;	/* the key's fields hold what the card gave */
	struct field	 fields[F_COUNT];
	struct form	 form;
};

static void	*jnew_init(struct ui *, void *);
static enum key_result jnew_key(void *, const struct key_event *);
static void	 jnew_draw(void *, struct ui *);
static void	 jnew_free(void *);
static void	 jnew_fill(struct jnew_state *);
static void	 jnew_reception(struct jnew_state *);
static void	 jnew_submit(struct jnew_state *);
static int	 jnew_card_key(struct jnew_state *, const struct key_event *);

/* The fields a card read fills, each locked and marked while it holds the card's value. */
static const int jnew_card_fields[] = { F_MYNUMBER, F_NAME, F_BIRTH, F_SEX, F_ADDRESS };
#define JNEW_CARD_FIELDS (sizeof jnew_card_fields / sizeof jnew_card_fields[0])

/*
 * F7: the key from the resident's card (issue 29): the My Number when the account may
 * handle it (then the lookup is by My Number), else the four items. F8: typed again.
 */
static int
jnew_card_key(struct jnew_state *s, const struct key_event *ev)
{
	struct card_data	 d;
	struct field		*f;
	const char		*value[JNEW_CARD_FIELDS];
	char			 birth[11];
	size_t			 i;
	int			 with_mynumber = ui_session(s->ui)->mynumber_allowed;

	if (ev->is_func && ev->code == KEY_F(8) && s->from_card) {
		for (i = 0; i < JNEW_CARD_FIELDS; i++)
			card_field_release(&s->fields[jnew_card_fields[i]]);
		s->from_card = 0;
		ui_set_message(s->ui, _("The card's items are cleared: type them."));
		return 1;
	}
	if (!ev->is_func || ev->code != KEY_F(7))
		return 0;
	if (ui_check_access(s->ui, "juki.lookup") != 0 ||
	    card_dialog_read(s->ui, s->holder_id != NULL ? s->holder_target : "", &d) != 0)
		return 1;
	snprintf(birth, sizeof birth, "%.4s-%.2s-%.2s", d.four.birth, d.four.birth + 4,
	    d.four.birth + 6);
	value[0] = with_mynumber ? d.mynumber : "";
	value[1] = d.four.name;
	value[2] = birth;
	/* Juki-net knows 1 and 2; the card's 3 leaves the field to the clerk. */
	value[3] = d.four.sex == '3' ? "" : (char[]){ d.four.sex, '\0' };
	value[4] = d.four.address;
	for (i = 0; i < JNEW_CARD_FIELDS; i++) {
		f = &s->fields[jnew_card_fields[i]];
		if (*value[i] != '\0')
			card_field_fill(f, value[i]);
		else
			card_field_release(f);
	}
	card_data_free(&d);
	field_set(&s->fields[F_KIND], with_mynumber ? "1" : "2");
	s->from_card = 1;
	ui_set_message(s->ui, _("Read from the card; the marked fields cannot be changed (F8 "
	    "gives them back to typing)."));
	return 1;
}

/* The four items from the record, so that the clerk checks rather than retypes them. */
static void
jnew_fill(struct jnew_state *s)
{
	struct holder_view	 h;
	struct actor		 who;
	const struct reg_value	*v;
	char			*cause = NULL, *text;
	size_t			 n;

	session_actor(ui_session(s->ui), &who);
	if (holder_view(ui_db(s->ui), &who, s->holder_id, &h, &cause) != 0) {
		ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	v = h.values;
	n = h.n_values;
	xasprintf(&text, "%s　%s", reg_values_get(v, n, "family_name"),
	    reg_values_get(v, n, "given_name"));
	field_set(&s->fields[F_NAME], text);
	s->holder_name = text;
	xasprintf(&text, "%s　%s", reg_values_get(v, n, "family_kana"),
	    reg_values_get(v, n, "given_kana"));
	field_set(&s->fields[F_KANA], text);
	free(text);
	field_set(&s->fields[F_BIRTH], reg_values_get(v, n, "birth_date"));
	field_set(&s->fields[F_SEX], reg_values_get(v, n, "sex"));
	xasprintf(&text, "%s%s", reg_values_get(v, n, "address1"),
	    reg_values_get(v, n, "address2"));
	field_set(&s->fields[F_ADDRESS], text);
	free(text);
	holder_view_clear(&h);
}

/*
 * A lookup from a holder is for their open reception: when they have exactly one, its
 * number and the 事務 its kind asks for are filled in.
 */
static void
jnew_reception(struct jnew_state *s)
{
	struct reception	*list = NULL;
	const char		*number = NULL, *kind = NULL;
	char			*cause = NULL;
	size_t			 n = 0, i, open = 0;

	if (reception_list(ui_db(s->ui), s->holder_id, &list, &n, &cause) != 0) {
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(list[i].status, "open") == 0) {
			open++;
			number = list[i].number;
			kind = list[i].kind;
		}
	}
	if (open == 1) {
		field_set(&s->fields[F_REF], number);
		field_set(&s->fields[F_JIMU], strcmp(kind, "reissue") == 0 ? "3" :
		    strcmp(kind, "registration") == 0 ? "1" : "2");
	}
	reception_list_free(list, n);
}

static void *
jnew_init(struct ui *ui, void *arg)
{
	const struct juki_new_arg *a = arg;
	struct jnew_state	*s = xcalloc(1, sizeof *s);
	int			 i;

	s->ui = ui;
	s->from_list = a != NULL && a->from_list;
	field_init(&s->fields[F_KIND], _("Key: 1 My Number, 2 four items, 3 住民票コード"),
	    1, 0);
	field_init(&s->fields[F_MYNUMBER], _("My Number (12 digits)"), 14, 0);
	field_init(&s->fields[F_JUMIN], _("住民票コード (11 digits)"), 11, 0);
	field_init(&s->fields[F_NAME], _("Name (kanji)"), 32, 0);
	field_init(&s->fields[F_KANA], _("Name (kana)"), 32, 0);
	field_init(&s->fields[F_BIRTH], _("Birth date"), 20, 0);
	field_init(&s->fields[F_SEX], _("Sex (1 male, 2 female)"), 1, 0);
	field_init(&s->fields[F_ADDRESS], _("Address"), 60, 0);
	field_init(&s->fields[F_JIMU], _("Procedure: 1 登録, 2 書換え・訂正, 3 再交付"), 1,
	    0);
	field_init(&s->fields[F_REF], _("Reception number (受付番号)"), 20, 0);
	field_set(&s->fields[F_JIMU], "2");
	field_set(&s->fields[F_KIND], "1");
	if (a != NULL && a->holder_id != NULL) {
		s->holder_id = xstrdup(a->holder_id);
		xasprintf(&s->holder_target, "holder:%s", s->holder_id);
		jnew_fill(s);
		field_set(&s->fields[F_KIND], "2");
		jnew_reception(s);
	}
	for (i = 0; i < F_COUNT; i++)
		s->fields[i].changed = 0;
	form_init(&s->form, s->fields, F_COUNT);
	return s;
}

static void
jnew_submit(struct jnew_state *s)
{
	static const int field_of[] = {
		[JUKI_FIELD_NONE] = -1, [JUKI_FIELD_MYNUMBER] = F_MYNUMBER,
		[JUKI_FIELD_JUMIN] = F_JUMIN, [JUKI_FIELD_NAME] = F_NAME,
		[JUKI_FIELD_KANA] = F_KANA, [JUKI_FIELD_BIRTH] = F_BIRTH,
		[JUKI_FIELD_SEX] = F_SEX, [JUKI_FIELD_ADDRESS] = F_ADDRESS,
		[JUKI_FIELD_PURPOSE] = F_REF,
	};
	struct juki_lookup_req	 r;
	enum juki_lookup_field	 field;
	struct actor		 who;
	const char		*kind = s->fields[F_KIND].text;
	char			*cause = NULL, id[37];
	int			 i;

	if (ui_check_access(s->ui, "juki.lookup") != 0)
		return;
	for (i = 0; i < F_COUNT; i++)
		field_set_error(&s->fields[i], NULL);
	memset(&r, 0, sizeof r);
	r.holder_id = s->holder_id;
	if (strcmp(kind, "1") == 0)
		r.key.kind = JUKI_KEY_MYNUMBER;
	else if (strcmp(kind, "2") == 0)
		r.key.kind = JUKI_KEY_FOUR;
	else if (strcmp(kind, "3") == 0)
		r.key.kind = JUKI_KEY_JUMIN;
	else {
		field_set_error(&s->fields[F_KIND], _("enter 1, 2 or 3"));
		form_focus_first_error(&s->form);
		return;
	}
	r.key.mynumber = s->fields[F_MYNUMBER].text;
	r.key.jumin = s->fields[F_JUMIN].text;
	r.key.name = s->fields[F_NAME].text;
	r.key.kana = s->fields[F_KANA].text;
	r.key.birth_date = s->fields[F_BIRTH].text;
	r.key.sex = s->fields[F_SEX].text;
	r.key.address = s->fields[F_ADDRESS].text;
	r.jimu = (unsigned)atoi(s->fields[F_JIMU].text);
	if (r.jimu < JUKI_JIMU_REGISTER || r.jimu > JUKI_JIMU_REISSUE) {
		field_set_error(&s->fields[F_JIMU], _("enter 1, 2 or 3"));
		form_focus_first_error(&s->form);
		return;
	}
	r.purpose_ref = s->fields[F_REF].text;
	session_actor(ui_session(s->ui), &who);
	if (juki_lookup_send(ui_db(s->ui), ui_config(s->ui), &who, &r, id, &field,
	    &cause) != 0) {
		if (field_of[field] >= 0) {
			field_set_error(&s->fields[field_of[field]], cause);
			form_focus_first_error(&s->form);
			ui_set_message(s->ui, _("Correct the field marked below; nothing was "
			    "sent."));
		} else
			ui_set_message(s->ui, "%s", cause);
		free(cause);
		return;
	}
	/* The list takes over and waits for this answer. */
	ui_replace(s->ui, &screen_juki, id);
}

static enum key_result
jnew_key(void *state, const struct key_event *ev)
{
	struct jnew_state	*s = state;
	enum key_result		 r;
	int			 submit;

	if (jnew_card_key(s, ev))
		return KEY_HANDLED;
	r = form_screen_key(&s->form, s->ui, ev, &submit);
	if (submit)
		jnew_submit(s);
	else if (r == KEY_BACK && s->from_list) {
		ui_replace(s->ui, &screen_juki, NULL);	/* frees s */
		return KEY_HANDLED;
	}
	return r;
}

static void
jnew_draw(void *state, struct ui *ui)
{
	struct jnew_state	*s = state;
	static const struct key_hint hints[] = {
		{ "F2", N_("Send") }, { "Tab", N_("Next") }, { "F7", N_("Read card") },
		{ "F8", N_("Type instead") }, { "Esc", N_("Back") },
		{ "F10", N_("Log out") }, { NULL, NULL }
	};
	char			*title;

	if (s->holder_name != NULL)
		xasprintf(&title, _("Juki-net lookup: %s"), s->holder_name);
	else
		title = xstrdup(_("Juki-net lookup"));
	ui_draw_frame(ui, title, hints);
	free(title);
	form_draw_in(&s->form, 2, 2, ui_cols(ui) - 4, ui_lines(ui) - 4);
}

static void
jnew_free(void *state)
{
	struct jnew_state	*s = state;
	int			 i;

	explicit_bzero(s->fields[F_MYNUMBER].text, sizeof s->fields[F_MYNUMBER].text);
	for (i = 0; i < F_COUNT; i++)
		field_free(&s->fields[i]);
	free(s->holder_id);
	free(s->holder_target);
	free(s->holder_name);
	free(s);
}

const struct screen_ops screen_juki_new = {
	.name = "juki-new",
	.help = N_("A Juki-net lookup: by My Number, or by the four basic items (name, "
	    "address, sex, birth date), with the procedure (事務) and purpose it is "
	    "for. Each lookup is recorded. F7 takes the key from the resident's My Number "
	    "card (its PIN is asked): the fields it fills are marked and cannot be "
	    "changed; F8 gives them back to typing."),
	.init = jnew_init,
	.key = jnew_key,
	.draw = jnew_draw,
	.free = jnew_free,
};
