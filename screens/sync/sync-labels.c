/*
 * What each kind of synced row is, in the reader's language, for the sync screens (the
 * outbox and the conflicts): the entities of db/sync's tables and of the registers that
 * append to the outbox themselves. An entity added without a label shows its code.
 */
#include "config.h"

#include <string.h>

#include "i18n.h"
#include "register/register-items.h"
#include "sync/sync-labels.h"

static const struct {
	const char	*entity;
	const char	*label;		/* N_() */
} sync_labels[] = {
	{ "holder",		N_("holder") },
	{ "registration",	N_("registration") },
	{ "event",		N_("event") },
	{ "mynumber",		N_("My Number") },
	{ "application",	N_("application") },
	{ "reception",		N_("reception (受付)") },
	{ "certificate",	N_("certificate") },
	{ "audit_review",	N_("log review sign-off") },
	{ "audit_flag_ack",	N_("acknowledged flag") },
	{ "incident",		N_("incident") },
	{ "incident_step",	N_("incident step") },
	{ "training_record",	N_("training record") },
	{ "enquiry",		N_("enquiry") },
	{ "attestation",	N_("attestation") },
	{ "account",		N_("account") },
	{ "account_period",	N_("account period") },
	{ "account_change",	N_("account change") },
	{ "rolefn_change",	N_("role-function change") },
	{ "account_login",	N_("login") },
	{ "erasure_record",	N_("erasure record") },
	{ "export_grant",	N_("export grant") },
	{ "export_record",	N_("export record") },
};

const char *
sync_entity_label(const char *entity)
{
	size_t	 i;

	for (i = 0; i < sizeof sync_labels / sizeof sync_labels[0]; i++)
		if (strcmp(entity, sync_labels[i].entity) == 0)
			return _(sync_labels[i].label);
	return entity;
}

/*
 * Labels of the members that are no register item: those every record has, and an
 * event's, the other half of every conflict over a certificate number (its registration
 * waits, the event follows it).
 */
static const struct {
	const char	*entity;	/* NULL: any */
	const char	*member;
	const char	*label;
} member_labels[] = {
	{ NULL,		"id",			N_("Id") },
	{ NULL,		"holder_id",		N_("Holder id") },
	{ NULL,		"registration_id",	N_("Registration id") },
	{ NULL,		"created_at",		N_("Recorded at") },
	{ NULL,		"created_by",		N_("Recorded by") },
	{ NULL,		"updated_at",		N_("Changed at") },
	{ NULL,		"approved_by",		N_("Approved by") },
	{ "event",	"kind",			N_("Kind of event") },
	{ "event",	"event_date",		N_("Date of the event") },
	{ "event",	"until_date",		N_("Until") },
	{ "event",	"reason_code",		N_("Reason") },
	{ "event",	"reason_text",		N_("Reason in words") },
	{ "event",	"before",		N_("Values before") },
	{ "event",	"sensitive",		N_("Sensitive") },
};

const char *
sync_member_label(const char *entity, const char *member)
{
	const struct reg_item	*it;
	size_t			 i;

	if ((it = reg_item_find(reg_holder_items, member)) != NULL ||
	    (it = reg_item_find(reg_registration_items, member)) != NULL)
		return _(it->label);
	for (i = 0; i < sizeof member_labels / sizeof member_labels[0]; i++) {
		if ((member_labels[i].entity == NULL ||
		    strcmp(member_labels[i].entity, entity) == 0) &&
		    strcmp(member_labels[i].member, member) == 0)
			return _(member_labels[i].label);
	}
	return member;
}
