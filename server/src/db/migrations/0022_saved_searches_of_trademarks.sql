-- Saved searches of trademarks (kind 'trademark', with an optional Nice class): a chosen result or an
-- alert is a patent or a trademark, each once per saved search (a unique index on the record either
-- column names, where the primary key was on the patent). The trademarks' import batch is indexed,
-- as the patents' is, for the watches that run after an import.
ALTER TABLE "saved_search_alerts" DROP CONSTRAINT "saved_search_alerts_saved_search_id_patent_id_pk";--> statement-breakpoint
ALTER TABLE "saved_search_results" DROP CONSTRAINT "saved_search_results_saved_search_id_patent_id_pk";--> statement-breakpoint
ALTER TABLE "saved_search_alerts" ALTER COLUMN "patent_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_search_results" ALTER COLUMN "patent_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_search_alerts" ADD COLUMN "trademark_id" uuid;--> statement-breakpoint
ALTER TABLE "saved_search_results" ADD COLUMN "trademark_id" uuid;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD COLUMN "kind" text DEFAULT 'patent' NOT NULL;--> statement-breakpoint
ALTER TABLE "saved_searches" ADD COLUMN "nice_class" integer;--> statement-breakpoint
ALTER TABLE "saved_search_alerts" ADD CONSTRAINT "saved_search_alerts_trademark_id_trademarks_id_fk" FOREIGN KEY ("trademark_id") REFERENCES "public"."trademarks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_search_results" ADD CONSTRAINT "saved_search_results_trademark_id_trademarks_id_fk" FOREIGN KEY ("trademark_id") REFERENCES "public"."trademarks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_search_alerts_record_uq" ON "saved_search_alerts" USING btree ("saved_search_id",coalesce("patent_id", "trademark_id"));--> statement-breakpoint
CREATE UNIQUE INDEX "saved_search_results_record_uq" ON "saved_search_results" USING btree ("saved_search_id",coalesce("patent_id", "trademark_id"));--> statement-breakpoint
CREATE INDEX "trademarks_import_batch_idx" ON "trademarks" USING btree ("import_batch");--> statement-breakpoint
ALTER TABLE "saved_search_alerts" ADD CONSTRAINT "saved_search_alerts_one_record_ck" CHECK (("saved_search_alerts"."patent_id" is null) <> ("saved_search_alerts"."trademark_id" is null));--> statement-breakpoint
ALTER TABLE "saved_search_results" ADD CONSTRAINT "saved_search_results_one_record_ck" CHECK (("saved_search_results"."patent_id" is null) <> ("saved_search_results"."trademark_id" is null));--> statement-breakpoint
ALTER TABLE "saved_searches" ADD CONSTRAINT "saved_searches_nice_class_ck" CHECK ("saved_searches"."nice_class" is null or ("saved_searches"."kind" = 'trademark' and "saved_searches"."nice_class" between 1 and 45));