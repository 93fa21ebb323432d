-- Certificate number blocks and the central store (SPEC §6, issue 33): on a terminal that
-- syncs, a block an administrator added by hand is handed out only once the central store
-- has registered it as this terminal's (register_block), so that no two terminals of an
-- office issue the same numbers. 'local': the terminal does not sync; 'unconfirmed': added
-- while the store could not be reached, registered at the next sync; 'confirmed': the
-- store holds it as this terminal's (every leased block is); 'refused': the store found it
-- overlapping another terminal's block, and no number of it is handed out.
ALTER TABLE cert_number_blocks ADD COLUMN central TEXT NOT NULL DEFAULT 'local'
	CHECK (central IN ('local', 'unconfirmed', 'confirmed', 'refused'));
ALTER TABLE cert_number_blocks ADD COLUMN central_note TEXT NOT NULL DEFAULT '';
UPDATE cert_number_blocks SET central = 'confirmed' WHERE source = 'central';
