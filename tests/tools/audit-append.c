/*
 * Test tool: appends N audit entries (as activity at a desk would) so that shell tests
 * can tamper with a real chain.	audit-append DB KEY N [DETAIL]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit-key.h"
#include "config-file.h"
#include "db.h"
#include "keyfile.h"

int
main(int argc, char **argv)
{
	struct audit_event	 ev;
	struct key		*key;
	struct db		*db;
	char			*cause = NULL, target[64], *audit_key, *audit_head;
	long			 i, n;

	if (argc < 4) {
		fprintf(stderr, "usage: audit-append DB KEY N [DETAIL]\n");
		return 2;
	}
	n = atol(argv[3]);
	key = key_new();
	audit_key = config_beside_key(NULL, argv[2], "audit.key");
	audit_head = config_beside_key(NULL, argv[2], "audit.head");
	if (key_load(argv[2], key, &cause) != 0 ||
	    (db = db_open(argv[1], key, DB_OPEN_EXISTING, NULL, &cause)) == NULL ||
	    audit_key_open(db, audit_key, audit_head, AUDIT_KEY_MOVE, &cause) != 0) {
		fprintf(stderr, "audit-append: %s\n", cause);
		return 1;
	}
	key_free(key);
	memset(&ev, 0, sizeof ev);
	ev.tty = "tty1";
	ev.user = "clerk01";
	ev.role = "clerk";
	ev.action = "holder.view";
	ev.result = "ok";
	ev.target = target;
	ev.detail = argc > 4 ? argv[4] : "";
	for (i = 1; i <= n; i++) {
		snprintf(target, sizeof target, "holder:%ld", i);
		if (audit_append(db, &ev, &cause) != 0) {
			fprintf(stderr, "audit-append: %s\n", cause);
			return 1;
		}
	}
	db_close(db);
	return 0;
}
