/*
 * The register's items and their rules (SPEC §4, the 記録項目 of the assessment documents).
 * Each kind of item is checked by one validator of valid.h; this file only says which.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "juki.h"
#include "register/register-items.h"
#include "valid.h"
#include "xmalloc.h"

const struct reg_item reg_holder_items[] = {
	{ "family_name", N_("Family name (姓)"), REG_TEXT, 50, REG_REQUIRED | REG_IDENTITY |
	    REG_REWRITE },
	{ "given_name", N_("Given name (名)"), REG_TEXT, 50, REG_IDENTITY | REG_REWRITE },
	{ "family_kana", N_("Family name kana"), REG_KANA, 50, REG_REQUIRED | REG_IDENTITY |
	    REG_REWRITE },
	{ "given_kana", N_("Given name kana"), REG_KANA, 50, REG_IDENTITY | REG_REWRITE },
	{ "former_family_name", N_("Former family name (旧氏)"), REG_TEXT, 50, REG_IDENTITY |
	    REG_REWRITE },
	{ "former_family_kana", N_("Former family name kana"), REG_KANA, 50, REG_IDENTITY |
	    REG_REWRITE },
	{ "alias_family_name", N_("Alias family name (通称)"), REG_TEXT, 50, REG_IDENTITY },
	{ "alias_given_name", N_("Alias given name"), REG_TEXT, 50, REG_IDENTITY },
	{ "alias_family_kana", N_("Alias family name kana"), REG_KANA, 50, REG_IDENTITY },
	{ "alias_given_kana", N_("Alias given name kana"), REG_KANA, 50, REG_IDENTITY },
	{ "sex", N_("Sex (1 male, 2 female, 9 not stated)"), REG_SEX, 3, REG_REQUIRED |
	    REG_IDENTITY },
	{ "birth_date", N_("Birth date"), REG_DATE, 20, REG_REQUIRED | REG_IDENTITY },
	{ "honseki_pref", N_("Domicile prefecture (本籍)"), REG_PREFECTURE, 5, REG_IDENTITY |
	    REG_REWRITE },
	{ "nationality", N_("Nationality (if no 本籍)"), REG_TEXT, 30, REG_IDENTITY |
	    REG_REWRITE },
	{ "postal_code", N_("Postal code"), REG_POSTAL, 9, 0 },
	{ "address1", N_("Address 1"), REG_TEXT, 60, REG_REQUIRED | REG_IDENTITY },
	{ "address2", N_("Address 2 (丁目以下)"), REG_TEXT, 60, REG_IDENTITY },
	{ "address3", N_("Address 3 (建物名・号室)"), REG_TEXT, 60, REG_IDENTITY },
	{ "municipality_code", N_("Municipality code"), REG_MUNICIPALITY, 7, REG_IDENTITY },
	{ "phone", N_("Phone"), REG_PHONE, 15, 0 },
	{ "remarks", N_("Remarks"), REG_REMARKS, 200, 0 },
	/*
	 * The seeds' 資格仮名ID and マイナポータル仮名ID: the linkage's pseudonymous ids of the
	 * person, kept on the holder so that the My Number need not be (seed 002, note 1).
	 */
	{ "shikaku_kamei_id", N_("Qualification pseudonym ID (資格仮名ID)"), REG_CODE, 40,
	    REG_IDENTITY },
	{ "mynaportal_kamei_id", N_("Mynaportal pseudonym ID (マイナポータル仮名ID)"), REG_CODE,
	    40, REG_IDENTITY },
	/*
	 * A name held in a character outside the standard set (外字): the certificate and the
	 * Juki-net file cannot show it as it is, so every reader is told to confirm it against
	 * the documents.
	 */
	{ "has_gaiji", N_("Name holds 外字 (0 no, 1 yes)"), REG_FLAG, 3, REG_IDENTITY },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

const struct reg_item reg_registration_items[] = {
	{ "qualification", N_("Qualification (1-4)"), REG_QUALIFICATION, 30, REG_REQUIRED },
	/* Left empty, the approval takes the next number of the leased blocks (SPEC §6). */
	{ "certificate_number", N_("Certificate number"), REG_CODE, 20, 0 },
	{ "application_date", N_("Application date"), REG_DATE, 20, REG_REQUIRED },
	{ "reception_date", N_("Reception date"), REG_DATE, 20, REG_REQUIRED },
	{ "issue_date", N_("Issue date"), REG_DATE, 20, REG_REQUIRED },
	{ "route", N_("Route (1 exam, 2 course, 3 school)"), REG_ROUTE, 10, REG_REQUIRED },
	{ "exam_year", N_("Exam year"), REG_CODE, 4, 0 },
	{ "exam_number", N_("Exam number (受験番号)"), REG_CODE, 20, 0 },
	{ "pass_number", N_("Pass number (合格者番号)"), REG_CODE, 20, 0 },
	{ "course_provider", N_("Course provider code"), REG_CODE, 20, 0 },
	{ "completion_number", N_("Completion number (修了番号)"), REG_CODE, 20, 0 },
	{ "school", N_("Training school (養成施設)"), REG_TEXT, 60, 0 },
	/* The seeds' 試験回数, 受講年月 and 受講会場: columns since 0003, items since issue 25. */
	{ "exam_round", N_("Exam round (試験回数)"), REG_CODE, 10, 0 },
	{ "course_month", N_("Course month (受講年月, 2019-06)"), REG_CODE, 7, 0 },
	{ "course_venue", N_("Course venue (受講会場)"), REG_TEXT, 60, 0 },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

const struct reg_item reg_correction_items[] = {
	{ "event_date", N_("Date of the change"), REG_DATE, 20, REG_REQUIRED },
	{ "reason_text", N_("Reason for the correction"), REG_TEXT, 200, REG_REQUIRED },
	/*
	 * Set by the product, never typed (no form shows an item without flags): why, as a
	 * code, when the correction is not the clerk's own (a Juki-net answer applied). The
	 * reason's text then holds only what the code's words need, not words of a language.
	 */
	{ "correction_reason", N_("Kind of correction"), REG_CORRECTION_REASON, 20, 0 },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

const struct reg_item reg_deletion_items[] = {
	{ "event_date", N_("Date of the erasure"), REG_DATE, 20, REG_REQUIRED },
	{ "reason_code", N_("Reason code (1-5)"), REG_REASON_CODE, 20, REG_REQUIRED },
	{ "reason_text", N_("Reason"), REG_TEXT, 200, REG_REQUIRED },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

const struct reg_item reg_mynumber_items[] = {
	{ "mynumber", N_("My Number (12 digits)"), REG_MYNUMBER, 20, 0 },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

/*
 * Set by the desk, never typed, on a registration: "card" when its My Number was read from
 * the resident's card (issue 29), so that the stored number keeps mynumbers.source = 'card';
 * and what the clerk decided when the duplicate check found holders the person may already
 * be (issue 25), which the approving supervisor reads with the rest.
 */
const struct reg_item reg_desk_items[] = {
	{ "mynumber_source", N_("My Number read from the card (card)"), REG_CODE, 10, 0 },
	{ "duplicate_check", N_("Duplicate check"), REG_TEXT, 300, 0 },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

/*
 * A reissue (再交付, SPEC §6; 再交付受付年月日, 再交付理由コード and 再交付理由（記事）
 * of the assessment documents): why, how the person was identified, the fee, when it was
 * received. With 書換え the new name or 本籍 items of reg_holder_items come with it.
 */
const struct reg_item reg_reissue_items[] = {
	{ "reason", N_("Reason (1 lost, 2 soiled, 3 damaged, 4 rewrite)"), REG_REISSUE_REASON,
	    20, REG_REQUIRED | REG_REISSUE },
	{ "reason_detail", N_("Details of the reason"), REG_TEXT, 200, REG_REISSUE },
	{ "juki_result_id", N_("Identity: Juki result id"), REG_CODE, 40, REG_REISSUE },
	{ "identity_documents", N_("Identity: documents seen"), REG_TEXT, 100, REG_REISSUE },
	{ "fee_kind", N_("Fee (1 revenue stamp, 2 online, 3 exempt, 4 cash)"), REG_FEE_KIND, 20,
	    REG_REQUIRED | REG_REISSUE },
	{ "fee_amount", N_("Fee amount (yen)"), REG_AMOUNT, 12, REG_REISSUE },
	{ "received_date", N_("Date received"), REG_DATE, 20, REG_REQUIRED | REG_REISSUE },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

/*
 * A merge or split of two holders (issue 25), never typed as a form: the other holder, in
 * the application and in both events; in the events also the registrations that moved,
 * by id, so that a split moves back exactly those (register-merge.c).
 */
const struct reg_item reg_merge_items[] = {
	{ "merge_holder_id", N_("The other holder (id)"), REG_CODE, 36, 0 },
	{ "merged_registrations", N_("Registrations moved (ids)"), REG_TEXT, 1000, 0 },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

/*
 * What else an event's before_json may hold (SPEC §4, the history): a registration's
 * status before a 消除, the certificate a 再交付 replaced. Not typed in any form, so not in
 * reg_tables; here for their labels and their display only.
 */
const struct reg_item reg_history_items[] = {
	{ "status", N_("Status"), REG_STATUS, 20, 0 },
	{ "certificate", N_("Certificate number"), REG_CODE, 20, 0 },
	{ "reissue_count", N_("Times reissued"), REG_CODE, 4, 0 },
	{ "reissue_date", N_("Reissue date"), REG_DATE, 20, 0 },
	/* A My Number corrected: the old one, "**** **** 1234" (reg-corrections.c). */
	{ "mynumber_masked", N_("My Number (masked)"), REG_TEXT, 14, 0 },
	{ NULL, NULL, REG_TEXT, 0, 0 }
};

const struct reg_code reg_qualifications[] = {
	{ "building-hygiene", N_("Building environmental hygiene manager") },
	{ "dietitian", N_("Dietitian") },
	{ "registered-dietitian", N_("Registered dietitian") },
	{ "water-supply", N_("Water supply installation chief engineer") },
	{ NULL, NULL }
};

const struct reg_code reg_routes[] = {
	{ "exam", N_("Passed the examination") },
	{ "course", N_("Completed the course") },
	{ "school", N_("Graduated from a training school") },
	{ NULL, NULL }
};

const struct reg_code reg_statuses[] = {
	{ "valid", N_("valid") },
	{ "suspended", N_("suspended") },
	{ "cancelled", N_("cancelled") },
	{ "erased", N_("erased") },
	{ "returned", N_("returned") },
	{ NULL, NULL }
};

const struct reg_code reg_reason_codes[] = {
	{ "death", N_("death") },
	{ "request", N_("the holder's request") },
	{ "duplicate", N_("duplicate registration") },
	{ "error", N_("registered in error") },
	{ "other", N_("other") },
	{ NULL, NULL }
};

const struct reg_code reg_event_kinds[] = {
	{ "issue", N_("issue") },
	{ "rewrite", N_("rewrite") },
	{ "correct", N_("correction") },
	{ "reissue", N_("reissue") },
	{ "suspend", N_("suspension") },
	{ "suspend-end", N_("end of suspension") },
	{ "cancel", N_("cancellation") },
	{ "return-order", N_("return order") },
	{ "return", N_("return") },
	{ "erase", N_("erasure") },
	{ "refuse", N_("refusal") },
	{ "notify", N_("notification (届出)") },
	{ "merge", N_("merge (名寄せ)") },
	{ "split", N_("split (名寄せの取消し)") },
	{ NULL, NULL }
};

const struct reg_code reg_application_kinds[] = {
	{ "registration", N_("registration") },
	{ "correction", N_("correction") },
	{ "deletion", N_("erasure") },
	{ "reissue", N_("reissue") },
	{ "merge", N_("merge (名寄せ)") },
	{ "split", N_("split (名寄せの取消し)") },
	{ "action", N_("administrative action") },
	{ NULL, NULL }
};

const struct reg_code reg_reissue_reasons[] = {
	{ "lost", N_("lost (亡失)") },
	{ "soiled", N_("soiled (汚損)") },
	{ "damaged", N_("damaged (破損)") },
	{ "rewrite", N_("rewrite (書換え)") },
	{ NULL, NULL }
};

const struct reg_code reg_fee_kinds[] = {
	{ "stamp", N_("revenue stamp (収入印紙)") },
	{ "online", N_("online payment (オンライン決済)") },
	{ "exempt", N_("exempt (免除)") },
	{ "cash", N_("cash (現金)") },
	{ NULL, NULL }
};

/*
 * A correction the product made: from a Juki-net answer (juki-compare.c), its reason's text
 * "RESULT:REASON", the answer's codes, which the holder's screen names in its language.
 */
const struct reg_code reg_correction_reasons[] = {
	{ "juki-answer", N_("the Juki-net answer") },
	{ NULL, NULL }
};

/* Why a holder was entered without an application (holder_import). */
const struct reg_code reg_issue_reasons[] = {
	{ "import", N_("brought in from the office's existing register") },
	{ NULL, NULL }
};

const struct reg_item *const reg_tables[] = {
	reg_holder_items, reg_registration_items, reg_correction_items, reg_deletion_items,
	reg_mynumber_items, reg_reissue_items, reg_desk_items,
	reg_merge_items, NULL
};

static int	check_code_list(const struct reg_code *, const char *, char **, char **);
static int	check_ascii(const char *, const char *, char **, char **);
static int	check_amount(const char *, char **, char **);

const struct reg_code *
reg_kind_codes(enum reg_kind kind)
{
	switch (kind) {
	case REG_QUALIFICATION:
		return reg_qualifications;
	case REG_ROUTE:
		return reg_routes;
	case REG_STATUS:
		return reg_statuses;
	case REG_REASON_CODE:
		return reg_reason_codes;
	case REG_REISSUE_REASON:
		return reg_reissue_reasons;
	case REG_CORRECTION_REASON:
		return reg_correction_reasons;
	case REG_FEE_KIND:
		return reg_fee_kinds;
	default:
		return NULL;
	}
}

const struct reg_item *
reg_item_find(const struct reg_item *table, const char *key)
{
	const struct reg_item	*const *t, *it;

	if (table != NULL) {
		for (it = table; it->key != NULL; it++) {
			if (strcmp(it->key, key) == 0)
				return it;
		}
		return NULL;
	}
	for (t = reg_tables; *t != NULL; t++) {
		if ((it = reg_item_find(*t, key)) != NULL)
			return it;
	}
	return NULL;
}

size_t
reg_item_count(const struct reg_item *table)
{
	size_t	 n = 0;

	while (table[n].key != NULL)
		n++;
	return n;
}

const char *
reg_code_label(const struct reg_code *codes, const char *code)
{
	for (; codes->code != NULL; codes++) {
		if (strcmp(codes->code, code) == 0)
			return _(codes->label);
	}
	return NULL;
}

const char *
reg_event_reason(const char *kind, const char *code)
{
	if (code == NULL || *code == '\0')
		return NULL;
	if (strcmp(kind, "erase") == 0)
		return reg_code_label(reg_reason_codes, code);
	if (strcmp(kind, "reissue") == 0)
		return reg_code_label(reg_reissue_reasons, code);
	if (strcmp(kind, "issue") == 0)
		return reg_code_label(reg_issue_reasons, code);
	if (strcmp(kind, "correct") == 0 || strcmp(kind, "rewrite") == 0)
		return reg_code_label(reg_correction_reasons, code);
	return NULL;
}

/* A code by itself, by its number in the list (1, 2 ...) or by its label. */
static int
check_code_list(const struct reg_code *codes, const char *in, char **normal, char **cause)
{
	int	 i;
	char	*end;
	long	 n;

	n = strtol(in, &end, 10);
	for (i = 0; codes[i].code != NULL; i++) {
		if (strcmp(in, codes[i].code) == 0 || strcmp(in, _(codes[i].label)) == 0 ||
		    (*end == '\0' && end != in && n == i + 1)) {
			*normal = xstrdup(codes[i].code);
			return 0;
		}
	}
	xasprintf(cause, _("choose a number from 1 to %d"), i);
	return -1;
}

/* Letters, digits and hyphens: certificate and exam numbers, provider codes. */
static int
check_ascii(const char *in, const char *extra, char **normal, char **cause)
{
	const char	*p;

	for (p = in; *p != '\0'; p++) {
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || strchr(extra, *p) != NULL)) {
			xasprintf(cause, _("only letters, digits and '-' (character %zu)"),
			    (size_t)(p - in) + 1);
			return -1;
		}
	}
	*normal = xstrdup(in);
	return 0;
}

/* Yen as typed at a counter: "1500", "1,500", "1500円"; stored as plain digits. */
static int
check_amount(const char *in, char **normal, char **cause)
{
	const char	*p, *end;
	char		*digits, *d;
	long long	 n;

	end = in + strlen(in);
	if (end - in >= 3 && strcmp(end - 3, "円") == 0)
		end -= 3;
	digits = d = xmalloc((size_t)(end - in) + 1);
	for (p = in; p < end; p++) {
		if (*p >= '0' && *p <= '9')
			*d++ = *p;
		else if (*p != ',' || p == in) {
			free(digits);
			xasprintf(cause, _("an amount in yen: digits only, e.g. 2000"));
			return -1;
		}
	}
	*d = '\0';
	if (*digits == '\0' || strlen(digits) > 7 || (n = strtoll(digits, NULL, 10)) >
	    1000000) {
		free(digits);
		xasprintf(cause, _("an amount in yen from 0 to 1000000"));
		return -1;
	}
	free(digits);
	xasprintf(normal, "%lld", n);
	return 0;
}

int
reg_check(const struct reg_item *item, const char *in, char **normal, char **cause)
{
	char		*folded, *t, buf[16];
	struct date	 d;
	int		 rc = -1, pref;

	*normal = NULL;
	/* Text is measured before anything is trimmed or folded: nothing is cut silently. */
	if (valid_text(in, (size_t)item->max_chars, item->kind == REG_REMARKS ?
	    VALID_TEXT_MULTILINE : 0, cause) != 0)
		return -1;
	folded = item->kind == REG_TEXT || item->kind == REG_REMARKS ? xstrdup(in) :
	    valid_fold(in, cause);
	if (folded == NULL)
		return -1;
	t = valid_trim(folded);
	if (*t == '\0' && item->kind == REG_FLAG) {
		*normal = xstrdup("0");
		free(folded);
		return 0;
	}
	if (*t == '\0') {
		if (item->flags & REG_REQUIRED)
			xasprintf(cause, _("required"));
		else {
			*normal = xstrdup("");
			rc = 0;
		}
		free(folded);
		return rc;
	}
	switch (item->kind) {
	case REG_TEXT:
	case REG_REMARKS:
		*normal = xstrdup(t);
		rc = 0;
		break;
	case REG_KANA:
		rc = valid_kana(in, (size_t)item->max_chars, normal, cause);
		break;
	case REG_DATE:
		if ((rc = valid_date(t, &d, cause)) == 0) {
			*normal = xmalloc(DATE_ISO_SIZE);
			date_format_iso(&d, *normal);
		}
		break;
	case REG_SEX:
		if (strcmp(t, "1") == 0 || strcmp(t, "男") == 0)
			*normal = xstrdup("1");
		else if (strcmp(t, "2") == 0 || strcmp(t, "女") == 0)
			*normal = xstrdup("2");
		else if (strcmp(t, "9") == 0 || strcmp(t, "未記載") == 0)
			*normal = xstrdup("9");
		else
			xasprintf(cause, _("enter 1 (male), 2 (female) or 9 (not stated)"));
		rc = *normal != NULL ? 0 : -1;
		break;
	case REG_PREFECTURE:
		if ((rc = valid_prefecture(t, &pref, cause)) == 0)
			xasprintf(normal, "%02d", pref);
		break;
	case REG_POSTAL:
		if ((rc = valid_postal(t, buf, cause)) == 0)
			*normal = xstrdup(buf);
		break;
	case REG_MUNICIPALITY:
		if ((rc = valid_municipality(t, buf, cause)) == 0)
			*normal = xstrdup(buf);
		break;
	case REG_MYNUMBER:
		if ((rc = valid_mynumber(t, buf, cause)) == 0)
			*normal = xstrdup(buf);
		break;
	case REG_PHONE:
		if (strspn(t, "0123456789-") != strlen(t) || strspn(t, "-") > 0 ||
		    strlen(t) < 10) {
			xasprintf(cause, _("a phone number: digits and '-', at least 10"));
			break;
		}
		*normal = xstrdup(t);
		rc = 0;
		break;
	case REG_CODE:
		rc = check_ascii(t, "-", normal, cause);
		break;
	case REG_QUALIFICATION:
	case REG_ROUTE:
	case REG_STATUS:
	case REG_REASON_CODE:
	case REG_REISSUE_REASON:
	case REG_CORRECTION_REASON:
	case REG_FEE_KIND:
		rc = check_code_list(reg_kind_codes(item->kind), t, normal, cause);
		break;
	case REG_AMOUNT:
		rc = check_amount(t, normal, cause);
		break;
	case REG_FLAG:
		if (strcmp(t, "0") == 0 || strcmp(t, "いいえ") == 0)
			*normal = xstrdup("0");
		else if (strcmp(t, "1") == 0 || strcmp(t, "はい") == 0)
			*normal = xstrdup("1");
		else
			xasprintf(cause, _("enter 0 (no) or 1 (yes)"));
		rc = *normal != NULL ? 0 : -1;
		break;
	}
	free(folded);
	return rc;
}

char *
reg_display(const struct reg_item *item, const char *value, int era)
{
	const char	*label = NULL, *name;
	struct date	 d;
	char		 buf[DATE_ERA_SIZE], pbuf[POSTAL_FORMAT_SIZE], *out;
	int		 pref;

	switch (item->kind) {
	case REG_SEX:
		label = strcmp(value, "1") == 0 ? _("male") : strcmp(value, "2") == 0 ?
		    _("female") : strcmp(value, "9") == 0 ? _("not stated") : NULL;
		break;
	case REG_QUALIFICATION:
		label = reg_code_label(reg_qualifications, value);
		break;
	case REG_ROUTE:
		label = reg_code_label(reg_routes, value);
		break;
	case REG_STATUS:
		label = reg_code_label(reg_statuses, value);
		break;
	case REG_REASON_CODE:
		label = reg_code_label(reg_reason_codes, value);
		break;
	case REG_REISSUE_REASON:
		label = reg_code_label(reg_reissue_reasons, value);
		break;
	case REG_CORRECTION_REASON:
		label = reg_code_label(reg_correction_reasons, value);
		break;
	case REG_FEE_KIND:
		label = reg_code_label(reg_fee_kinds, value);
		break;
	case REG_FLAG:
		label = strcmp(value, "1") == 0 ? _("yes") : strcmp(value, "0") == 0 ? _("no") :
		    NULL;
		break;
	case REG_AMOUNT:
		if (*value != '\0') {
			xasprintf(&out, _("%s yen"), value);
			return out;
		}
		break;
	case REG_PREFECTURE:
		pref = atoi(value);
		if ((name = prefecture_name(pref)) != NULL) {
			xasprintf(&out, "%s (%s)", name, value);
			return out;
		}
		break;
	case REG_POSTAL:
		postal_format(value, pbuf);
		if (*pbuf != '\0')
			return xstrdup(pbuf);
		break;
	case REG_DATE:
		if (era && sscanf(value, "%4d-%2d-%2d", &d.y, &d.m, &d.d) == 3 &&
		    date_format_era(&d, buf) == 0)
			return xstrdup(buf);
		break;
	default:
		break;
	}
	return xstrdup(label != NULL ? label : value);
}

char *
reg_reason_text(const char *code, const char *text)
{
	int	 result, reason;

	if (code != NULL && strcmp(code, "juki-answer") == 0 && text != NULL &&
	    sscanf(text, "%d:%d", &result, &reason) == 2)
		return xstrdup(reason != 0 ? juki_reason_name((enum juki_reason)reason) :
		    juki_result_name((enum juki_result_code)result));
	return xstrdup(text != NULL ? text : "");
}
