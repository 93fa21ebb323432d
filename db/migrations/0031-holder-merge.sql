-- Merge and split of two holders found to be one person (issue 25). The merged holder's
-- row stays (the register is never deleted): merged_into names the holder it was merged
-- into, so that search lists the person once and the merged record, reached by its id,
-- says where its registrations went. A split sets it back to NULL. No REFERENCES: a pulled
-- holder may arrive before the holder it names, and sync applies rows one at a time.
ALTER TABLE holders ADD COLUMN merged_into TEXT
	CHECK (merged_into IS NULL OR (length(merged_into) = 36 AND merged_into <> id));
CREATE INDEX holders_merged_into ON holders (merged_into) WHERE merged_into IS NOT NULL;
