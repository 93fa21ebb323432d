#ifndef SYNC_LABELS_H
#define SYNC_LABELS_H

/* The label of a synced entity ("holder" -> 名簿登録者), or the code when it has none. */
const char	*sync_entity_label(const char *);

#endif
