CREATE TABLE "case_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"override_reason" text,
	"assigned_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"enterprise_id" uuid,
	"uscc" text NOT NULL,
	"name" text NOT NULL,
	"side" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_no" text NOT NULL,
	"type" text NOT NULL,
	"workstation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"title" text NOT NULL,
	"form" jsonb NOT NULL,
	"channel" text DEFAULT 'online' NOT NULL,
	"clock" jsonb,
	"due_at" timestamp with time zone,
	"breach_notified_at" timestamp with time zone,
	"counted_at" timestamp with time zone,
	"outcome" text,
	"rating" integer,
	"rating_comment" text,
	"created_by" uuid NOT NULL,
	"idempotency_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid,
	"workstation_id" uuid NOT NULL,
	"branch_id" uuid,
	"enterprise_id" uuid,
	"enterprise_name" text NOT NULL,
	"uscc" text,
	"service_type" text NOT NULL,
	"channel" text NOT NULL,
	"ip_type" text,
	"right_numbers" text[] DEFAULT '{}'::text[] NOT NULL,
	"handler_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"district_code" text,
	"clusters" text[] DEFAULT '{}'::text[] NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"satisfaction" integer,
	"confidentiality" text DEFAULT 'internal' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_assignments" ADD CONSTRAINT "case_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_enterprise_id_organizations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_workstation_id_organizations_id_fk" FOREIGN KEY ("workstation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_workstation_id_organizations_id_fk" FOREIGN KEY ("workstation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_records" ADD CONSTRAINT "service_records_enterprise_id_organizations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_assignments_user_idx" ON "case_assignments" USING btree ("user_id","active");--> statement-breakpoint
CREATE INDEX "case_assignments_case_idx" ON "case_assignments" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_messages_case_idx" ON "case_messages" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_parties_uq" ON "case_parties" USING btree ("case_id","uscc","side");--> statement-breakpoint
CREATE INDEX "case_parties_uscc_idx" ON "case_parties" USING btree ("uscc","side");--> statement-breakpoint
CREATE INDEX "case_parties_enterprise_idx" ON "case_parties" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "cases_ws_status_idx" ON "cases" USING btree ("workstation_id","status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_case_no_uq" ON "cases" USING btree ("case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_idempotency_uq" ON "cases" USING btree ("created_by","idempotency_key") WHERE "cases"."idempotency_key" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "service_records_count_uq" ON "service_records" USING btree ("case_id","uscc","service_type");--> statement-breakpoint
CREATE INDEX "service_records_ws_idx" ON "service_records" USING btree ("workstation_id","delivered_at");--> statement-breakpoint
CREATE INDEX "service_records_district_idx" ON "service_records" USING btree ("district_code","delivered_at");--> statement-breakpoint
CREATE INDEX "service_records_type_idx" ON "service_records" USING btree ("service_type","delivered_at");