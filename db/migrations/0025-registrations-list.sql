-- The search's list (issue 28): each listed holder's certificate numbers and their status
-- come from this index alone, without a read of the registrations table for each holder
-- of the page (twenty pages of the table, each decrypted, for a page of results). It
-- takes the place of the index on holder_id alone, which it serves as well.
DROP INDEX registrations_holder;
CREATE INDEX registrations_holder ON registrations (holder_id, certificate_number, status);
