-- An import looks a batch's ~1,500 record keys up at once; with a pending list every lookup scans
-- all of it. Turning fastupdate off keeps the entries already pending: they are merged here.
ALTER INDEX "patents_record_keys_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list('patents_record_keys_idx');
