# The register (SPEC §4): the form widget built from the item rules, new entries,
# corrections, erasure, search, the holder's screen and the approvals.
screens_libui_a_SOURCES += screens/register/regform.h screens/register/widget-regform.c \
	screens/register/regform-card.c \
	screens/register/reg-duplicates.c screens/register/reg-duplicates.h \
	screens/register/screen-reg-new.c \
	screens/register/screen-reg-correct.c \
	screens/register/screen-reg-correct-items.c \
	screens/register/screen-reg-correct-items.h \
	screens/register/screen-reg-qualify.c \
	screens/register/screen-reg-erase.c \
	screens/register/screen-reg-search.c \
	screens/register/screen-reg-holder.c \
	screens/register/screen-reg-approve.c \
	screens/register/desk-approval.c screens/register/desk-approval.h \
	screens/register/reg-merge.c screens/register/reg-merge.h \
	screens/register/reg-actions.c screens/register/reg-actions.h \
	screens/register/screen-reg-overdue.c
# Notifications (届出): the holder screen's n, and what it fills into the forms it opens.
screens_libui_a_SOURCES += screens/register/notify-dialog.c screens/register/notify-dialog.h \
	screens/register/notify-prefill.c screens/register/notify-prefill.h
# The refusals (交付拒否) list, from the menu.
screens_libui_a_SOURCES += screens/register/screen-reg-refusals.c \
	screens/register/reg-refusals.h
