-- List order is name_sort under the "C" collation (db/order.ts); the index carries the same collation
-- so a PostgreSQL server whose default collation differs can still walk it in order.
CREATE INDEX "organizations_type_district_idx" ON "organizations" USING btree ("type","district_code","name_sort" COLLATE "C");--> statement-breakpoint
CREATE INDEX "organizations_type_name_c_idx" ON "organizations" USING btree ("type","name_sort" COLLATE "C");
