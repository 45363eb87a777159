-- Case lists and the ledger at Shenzhen scale (200,000 cases, 500,000 ledger rows; bench/README.md).
-- A case list reads each part of the caller's scope (cases.repository.ts scopeArms) in list order from
-- one of these and counts from it without visiting the table; the whole ledger is read by period and
-- by cluster.
CREATE INDEX "case_assignments_active_idx" ON "case_assignments" USING btree ("user_id","case_id") WHERE "case_assignments"."active";--> statement-breakpoint
CREATE INDEX "case_assignments_reach_idx" ON "case_assignments" USING btree ("user_id","case_id") WHERE "case_assignments"."active" and "case_assignments"."role" <> 'handler';--> statement-breakpoint
CREATE INDEX "cases_ws_created_idx" ON "cases" USING btree ("workstation_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_ws_type_status_idx" ON "cases" USING btree ("workstation_id","type","status","created_at");--> statement-breakpoint
CREATE INDEX "cases_ws_due_idx" ON "cases" USING btree ("workstation_id","due_at") WHERE "cases"."due_at" is not null;--> statement-breakpoint
CREATE INDEX "service_records_delivered_idx" ON "service_records" USING btree ("delivered_at");--> statement-breakpoint
CREATE INDEX "service_records_clusters_idx" ON "service_records" USING gin ("clusters");