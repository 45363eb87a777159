ALTER TABLE "cases" ADD COLUMN "branch_id" uuid;--> statement-breakpoint
ALTER TABLE "service_records" ADD COLUMN "branch_name" text;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_branch_id_workstation_branches_id_fk" FOREIGN KEY ("branch_id") REFERENCES "public"."workstation_branches"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_records_branch_idx" ON "service_records" USING btree ("branch_id","delivered_at") WHERE "service_records"."branch_id" is not null;