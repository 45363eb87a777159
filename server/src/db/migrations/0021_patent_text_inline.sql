-- A search tests its candidates' text on their rows (strpos over title, abstract, main claim and
-- claims). Rows over 2 kB had their largest values moved to the TOAST table, the claims among them,
-- so each test of a candidate fetched the claims through the TOAST index and decompressed them
-- (~18 µs a row on PGlite, ~85% of the test). The text columns now stay in the row, uncompressed
-- while the row fits in 4 kB: the keys and the jieba words (read only to rank a page or to update a
-- record) leave it first. Rows stored before keep their layout until rewritten (VACUUM FULL patents).
ALTER TABLE "patents" SET (toast_tuple_target = 4096);--> statement-breakpoint
ALTER TABLE "patents" ALTER COLUMN "title" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "patents" ALTER COLUMN "abstract" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "patents" ALTER COLUMN "main_claim" SET STORAGE MAIN;--> statement-breakpoint
ALTER TABLE "patents" ALTER COLUMN "claims" SET STORAGE MAIN;
