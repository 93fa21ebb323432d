# The register (SPEC §4): the form widget built from the item rules, new entries,
# corrections, erasure, search, the holder's screen and the approvals.
screens_libui_a_SOURCES += screens/register/regform.h screens/register/widget-regform.c \
	screens/register/regform-card.c \
	screens/register/reg-duplicates.c screens/register/reg-duplicates.h \
	screens/register/screen-reg-new.c \
	screens/register/screen-reg-correct.c \
	screens/register/screen-reg-qualify.c \
	screens/register/screen-reg-erase.c \
	screens/register/screen-reg-search.c \
	screens/register/screen-reg-holder.c \
	screens/register/screen-reg-approve.c \
	screens/register/desk-approval.c screens/register/desk-approval.h \
	screens/register/reg-actions.c screens/register/reg-actions.h \
	screens/register/screen-reg-overdue.c
