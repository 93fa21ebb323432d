#ifndef SYNC_LABELS_H
#define SYNC_LABELS_H

/* The label of a synced entity ("holder" -> 名簿登録者), or the code when it has none. */
const char	*sync_entity_label(const char *);

/*
 * The label of an entity's payload member: the register's where it is a register item,
 * else this file's, else the member's name.
 */
const char	*sync_member_label(const char *, const char *);

#endif
