/*
 * Printing certificates: the items in Japanese (a certificate is an official Japanese
 * document whatever the screen's language), the signed record, the PDF, its seal, CUPS.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "cert/cert-cups.h"
#include "cert/cert-pdf.h"
#include "cert/cert-print.h"
#include "cert/cert-record.h"
#include "cert/cert-seal.h"
#include "cert/cert-sign.h"
#include "cert/certificates.h"
#include "config-file.h"
#include "i18n.h"
#include "textwidth.h"
#include "valid.h"
#include "xmalloc.h"

/* The certificate's title for each qualification (register-items' codes). */
static const struct {
	const char	*code;
	const char	*title;
} titles[] = {
	{ "building-hygiene", "建築物環境衛生管理技術者免状" },
	{ "dietitian", "栄養士免許証" },
	{ "registered-dietitian", "管理栄養士免許証" },
	{ "water-supply", "給水装置工事主任技術者免状" },
};

static char	*era_date(const char *);
static char	*file_sha256(const char *);
static char	*spool_path(const char *, const struct cert_doc *, char **);

void
cert_print_config_from(struct cert_print_config *pc, const struct config *c)
{
	pc->office_id = c->office_id;
	pc->office_name = c->office_name;
	pc->office_key = c->office_key;
	pc->signer = NULL;
	pc->printer = c->printer;
	pc->spool_dir = c->cert_spool;
	pc->wait_seconds = c->print_wait_seconds;
}

/* 令和7年4月1日 from 2025-04-01; "" stays "". */
static char *
era_date(const char *iso)
{
	struct date	 d;
	char		 buf[DATE_ERA_SIZE];

	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3 ||
	    date_format_era(&d, buf) != 0)
		return xstrdup(iso != NULL ? iso : "");
	return xstrdup(buf);
}

EVP_PKEY *
cert_office_key(const char *path, char **cause)
{
	struct stat	 st;
	EVP_PKEY	*key = NULL;
	FILE		*f;

	if (path == NULL || *path == '\0') {
		xasprintf(cause, _("no office key is configured (office_key)"));
		return NULL;
	}
	if ((f = fopen(path, "r")) == NULL || fstat(fileno(f), &st) != 0) {
		xasprintf(cause, _("cannot read the office key %s: %s"), path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return NULL;
	}
	/* It signs certificates: as private as the database key. */
	if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		xasprintf(cause, _("the office key %s is readable by group or others (mode "
		    "%04o): chmod 600 it"), path, (unsigned)(st.st_mode & 07777));
	else if ((key = PEM_read_PrivateKey(f, NULL, NULL, NULL)) == NULL)
		xasprintf(cause, _("the office key %s is not a PEM private key"), path);
	else if (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519) {
		xasprintf(cause, _("the office key %s is not an Ed25519 key"), path);
		EVP_PKEY_free(key);
		key = NULL;
	}
	fclose(f);
	return key;
}

int
cert_record_of(const struct cert_doc *d, const char *office, struct cert_record *r,
    char **cause)
{
	const char	*family, *given, *birth;

	memset(r, 0, sizeof *r);
	family = reg_values_get(d->holder, d->n_holder, "family_name");
	given = reg_values_get(d->holder, d->n_holder, "given_name");
	birth = reg_values_get(d->holder, d->n_holder, "birth_date");
	if (office == NULL || *office == '\0') {
		xasprintf(cause, _("no office id is configured (office_id)"));
		return -1;
	}
	if (strlen(office) >= sizeof r->office ||
	    strlen(d->certificate_number) >= sizeof r->certificate_number ||
	    strlen(d->qualification) >= sizeof r->qualification) {
		xasprintf(cause, _("the certificate's items are too long for its record"));
		return -1;
	}
	snprintf(r->office, sizeof r->office, "%s", office);
	snprintf(r->certificate_number, sizeof r->certificate_number, "%s",
	    d->certificate_number);
	snprintf(r->qualification, sizeof r->qualification, "%s", d->qualification);
	if (snprintf(r->name, sizeof r->name, "%s%s%s", family != NULL ? family : "",
	    given != NULL && *given != '\0' ? " " : "", given != NULL ? given : "") >=
	    (int)sizeof r->name) {
		xasprintf(cause, _("the certificate's items are too long for its record"));
		return -1;
	}
	snprintf(r->birth_date, sizeof r->birth_date, "%s", birth != NULL ? birth : "");
	snprintf(r->issue_date, sizeof r->issue_date, "%s", d->issue_date);
	snprintf(r->reissue_date, sizeof r->reissue_date, "%s", d->reissue_date);
	r->reissue_count = d->reissue_count;
	return 0;
}

/* Hex SHA-256 of the file for the print log, or NULL. */
static char *
file_sha256(const char *path)
{
	unsigned char	 md[EVP_MAX_MD_SIZE], buf[8192];
	unsigned int	 mdlen = 0, i;
	EVP_MD_CTX	*ctx;
	char		*hex = NULL;
	size_t		 n;
	FILE		*f;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	ctx = EVP_MD_CTX_new();
	if (ctx != NULL && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1) {
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			EVP_DigestUpdate(ctx, buf, n);
		if (!ferror(f) && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1) {
			hex = xmalloc(2 * mdlen + 1);
			for (i = 0; i < mdlen; i++)
				snprintf(hex + 2 * i, 3, "%02x", md[i]);
		}
	}
	EVP_MD_CTX_free(ctx);
	fclose(f);
	return hex;
}

/* <spool>/<number>-<count>-<time>.pdf, a name not taken yet. */
static char *
spool_path(const char *dir, const struct cert_doc *d, char **cause)
{
	struct stat	 st;
	struct tm	 tm;
	time_t		 now = time(NULL);
	char		 stamp[32], *path;
	int		 i;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		xasprintf(cause, _("cannot create the certificate spool %s: %s"), dir,
		    strerror(errno));
		return NULL;
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		xasprintf(cause, _("the certificate spool %s is not a directory"), dir);
		return NULL;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
	for (i = 1; i < 1000; i++) {
		xasprintf(&path, i == 1 ? "%s/%s-%u-%s.pdf" : "%s/%s-%u-%s-%d.pdf", dir,
		    d->certificate_number, d->reissue_count, stamp, i);
		if (access(path, F_OK) != 0 && errno == ENOENT)
			return path;
		free(path);
	}
	xasprintf(cause, _("the certificate spool %s is full"), dir);
	return NULL;
}

/*
 * The preview (issue 32): the PDF's items in its layout's order, then what the QR code
 * holds, read back from the signed record as a verifier would, so that what the person
 * confirms is what the paper carries.
 */
static char *
preview_text(const char *title, const struct cert_pdf_line *lines, const char *issuer,
    const char *record, const unsigned char *pub)
{
	struct cert_record	 r;
	EVP_PKEY		*key;
	const struct cert_pdf_line *l;
	char			*text, *more, *why = NULL;
	int			 pad;

	xasprintf(&text, "%s", title);
	for (l = lines; l->label != NULL; l++) {
		if (l->value == NULL || *l->value == '\0')
			continue;	/* the PDF leaves it out too */
		/* Labels padded by display width: they are full-width characters. */
		pad = 18 - (int)textwidth(l->label);
		xasprintf(&more, "%s\n%s%*s%s", text, l->label, pad > 1 ? pad : 1, "",
		    l->value);
		free(text);
		text = more;
	}
	xasprintf(&more, "%s\n%s", text, issuer);
	free(text);
	text = more;
	key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, CERT_PUB_BYTES);
	if (key == NULL)
		xasprintf(&more, _("%s\nQR code: cannot be read back: %s"), text,
		    _("the office key's public half is not an Ed25519 key"));
	else if (cert_record_verify(record, key, &r, &why) != 0) {
		xasprintf(&more, _("%s\nQR code: cannot be read back: %s"), text, why);
		free(why);
	} else
		xasprintf(&more, _("%s\nQR code (signature checked): %s %s\n  %s, born %s, "
		    "issued %s\n  reissued %u time(s)%s%s, office %s"), text,
		    r.certificate_number, r.qualification, r.name, r.birth_date, r.issue_date,
		    r.reissue_count, *r.reissue_date != '\0' ? " " : "", r.reissue_date,
		    r.office);
	EVP_PKEY_free(key);
	free(text);
	return more;
}

int
cert_render(struct db *db, const struct actor *who, const struct cert_print_config *pc,
    const char *registration_id, struct cert_rendered *out, char **cause)
{
	struct cert_record	 r;
	struct cert_pdf_line	 lines[10];
	struct cert_pdf		 pdf;
	struct cert_doc		*d = &out->doc;
	struct cert_signer	 signer;
	EVP_PKEY		*key = NULL;
	const char		*v, *title = NULL;
	char			*record = NULL;
	char			*name = NULL, *kana = NULL, *birth = NULL, *issued = NULL;
	char			*reissued = NULL, *rewritten = NULL, *issuer = NULL;
	char			*honseki = NULL, *note = NULL, *why = NULL;
	size_t			 i, n = 0;
	int			 rc = -1;

	memset(out, 0, sizeof *out);
	*cause = NULL;
	if (cert_doc_load(db, who, registration_id, d, cause) != 0)
		return -1;
	out->loaded = 1;
	memset(&signer, 0, sizeof signer);
	if (pc->signer != NULL)
		signer = *pc->signer;
	else if ((key = cert_office_key(pc->office_key, cause)) != NULL) {
		signer.sign = cert_sign_with_key;
		signer.arg = key;
	} else
		goto out;
	if (cert_record_of(d, pc->office_id, &r, cause) != 0 ||
	    cert_record_sign(&r, &signer, &record, cause) != 0)
		goto out;

	for (i = 0; i < sizeof titles / sizeof titles[0]; i++) {
		if (strcmp(titles[i].code, d->qualification) == 0)
			title = titles[i].title;
	}
	name = xstrdup(r.name);
	v = reg_values_get(d->holder, d->n_holder, "given_kana");
	xasprintf(&kana, "%s%s%s", reg_values_get(d->holder, d->n_holder, "family_kana"),
	    v != NULL && *v != '\0' ? " " : "", v != NULL ? v : "");
	birth = era_date(r.birth_date);
	issued = era_date(d->issue_date);
	if (d->reissue_count > 0) {
		why = era_date(d->reissue_date);
		xasprintf(&reissued, "%s（第%u回）", why, d->reissue_count);
		free(why);
		why = NULL;
	}
	if (strcmp(d->kind, "rewrite") == 0)
		rewritten = era_date(d->issued_on);
	v = reg_values_get(d->holder, d->n_holder, "honseki_pref");
	if (v != NULL && *v != '\0' && prefecture_name(atoi(v)) != NULL)
		honseki = xstrdup(prefecture_name(atoi(v)));
	else if ((v = reg_values_get(d->holder, d->n_holder, "nationality")) != NULL &&
	    *v != '\0')
		xasprintf(&honseki, "%s（国籍）", v);
	lines[n++] = (struct cert_pdf_line){ "免状番号", d->certificate_number };
	lines[n++] = (struct cert_pdf_line){ "本籍", honseki };
	lines[n++] = (struct cert_pdf_line){ "氏名", name };
	lines[n++] = (struct cert_pdf_line){ "フリガナ", kana };
	lines[n++] = (struct cert_pdf_line){ "生年月日", birth };
	lines[n++] = (struct cert_pdf_line){ "交付年月日", issued };
	lines[n++] = (struct cert_pdf_line){ "再交付年月日", reissued };
	lines[n++] = (struct cert_pdf_line){ "書換え交付年月日", rewritten };
	lines[n] = (struct cert_pdf_line){ NULL, NULL };
	xasprintf(&issuer, "発行　%s%s%s%s", pc->office_name != NULL ? pc->office_name : "",
	    pc->office_name != NULL && *pc->office_name != '\0' ? "（" : "", r.office,
	    pc->office_name != NULL && *pc->office_name != '\0' ? "）" : "");
	xasprintf(&note, "この免状の記載事項は右の二次元コードに発行者の電子署名とともに記録さ"
	    "れています（madoguchi-verify で検証できます）。証書ID %s", d->id);
	pdf.title = title != NULL ? title : "免状";
	pdf.lines = lines;
	pdf.issuer = issuer;
	pdf.record = record;
	pdf.note = note;

	/* Rendered once: the bytes previewed are the bytes printed and recorded. */
	if ((out->path = spool_path(pc->spool_dir, d, cause)) == NULL ||
	    cert_pdf_write(&pdf, out->path, cause) != 0 ||
	    cert_seal_file(out->path, &signer, cause) != 0)
		goto out;
	if ((out->sha256 = file_sha256(out->path)) == NULL) {
		xasprintf(cause, _("cannot read %s back"), out->path);
		goto out;
	}
	/* Checked against the public half of the key that signed it, as a reader would. */
	out->preview = preview_text(pdf.title, lines, issuer, record, signer.pub);
	rc = 0;
out:
	free(record);
	free(name);
	free(kana);
	free(birth);
	free(issued);
	free(reissued);
	free(rewritten);
	free(issuer);
	free(honseki);
	free(note);
	EVP_PKEY_free(key);
	if (rc != 0)
		cert_rendered_discard(out);
	return rc;
}

/* Not printed (the preview was refused, or printing failed): no paper's file is left. */
void
cert_rendered_discard(struct cert_rendered *c)
{
	if (c->path != NULL)
		(void)unlink(c->path);
	free(c->path);
	free(c->sha256);
	free(c->preview);
	if (c->loaded)
		cert_doc_clear(&c->doc);
	memset(c, 0, sizeof *c);
}

int
cert_print_rendered(struct db *db, const struct actor *who, const struct cert_print_config *pc,
    struct cert_rendered *c, char **where, char **cause)
{
	char	*dest = NULL, *fail = NULL;
	int	 ok, rc = -1, job = 0;

	*where = NULL;
	*cause = NULL;
	if (pc->printer != NULL && *pc->printer != '\0') {
		/* Followed to its end: "ok" only for a job CUPS completed (cert-cups.c). */
		ok = cert_cups_print(pc->printer, c->doc.certificate_number, c->path,
		    pc->wait_seconds, &job, &fail) == 0;
		if (job > 0)
			xasprintf(&dest, "printer:%s job:%d", pc->printer, job);
		else
			xasprintf(&dest, "printer:%s", pc->printer);
		/* CUPS keeps its own copy of a job: no certificate is left lying around. */
		(void)unlink(c->path);
	} else {
		xasprintf(&dest, "spool:%s", c->path);
		ok = 1;
	}
	if (cert_print_record(db, who, c->doc.id, dest, c->sha256, ok, cause) != 0)
		goto out;
	if (!ok) {
		*cause = fail;
		fail = NULL;
		goto out;
	}
	if (pc->printer != NULL && *pc->printer != '\0')
		xasprintf(where, _("printer %s"), pc->printer);
	else {
		/* Printed to the spool: the file is the paper, and stays. */
		*where = c->path;
		c->path = NULL;
	}
	rc = 0;
out:
	free(fail);
	free(dest);
	cert_rendered_discard(c);
	return rc;
}

int
cert_print(struct db *db, const struct actor *who, const struct cert_print_config *pc,
    const char *registration_id, char **where, char **cause)
{
	struct cert_rendered	 c;

	*where = NULL;
	if (cert_render(db, who, pc, registration_id, &c, cause) != 0)
		return -1;
	return cert_print_rendered(db, who, pc, &c, where, cause);
}
