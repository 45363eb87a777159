CREATE TABLE "case_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_case_id" uuid NOT NULL,
	"to_case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_links_not_self" CHECK ("case_links"."from_case_id" <> "case_links"."to_case_id")
);
--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_from_case_id_cases_id_fk" FOREIGN KEY ("from_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_to_case_id_cases_id_fk" FOREIGN KEY ("to_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_links_pair_uq" ON "case_links" USING btree (least("from_case_id", "to_case_id"),greatest("from_case_id", "to_case_id"));--> statement-breakpoint
CREATE UNIQUE INDEX "case_links_one_parent_uq" ON "case_links" USING btree ("to_case_id") WHERE "case_links"."kind" = 'child';--> statement-breakpoint
CREATE INDEX "case_links_from_idx" ON "case_links" USING btree ("from_case_id");--> statement-breakpoint
CREATE INDEX "case_links_to_idx" ON "case_links" USING btree ("to_case_id");