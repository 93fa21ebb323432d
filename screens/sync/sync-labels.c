/*
 * What each kind of synced row is, in the reader's language, for the sync screens (the
 * outbox and the conflicts): the entities of db/sync's tables and of the registers that
 * append to the outbox themselves. An entity added without a label shows its code.
 */
#include "config.h"

#include <string.h>

#include "i18n.h"
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
