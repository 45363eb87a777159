CREATE TABLE "clusters" (
	"code" text NOT NULL,
	"version" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"confirmed" boolean DEFAULT false NOT NULL,
	"valid_from" date NOT NULL,
	"superseded_by" text,
	CONSTRAINT "clusters_code_version_pk" PRIMARY KEY("code","version")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"confidentiality" text DEFAULT 'internal' NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprise_memberships" (
	"enterprise_id" uuid NOT NULL,
	"workstation_id" uuid NOT NULL,
	"joined_on" date NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprise_memberships_enterprise_id_workstation_id_pk" PRIMARY KEY("enterprise_id","workstation_id")
);
--> statement-breakpoint
CREATE TABLE "enterprise_profiles" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"cluster_version" text DEFAULT '2022' NOT NULL,
	"clusters" text[] DEFAULT '{}'::text[] NOT NULL,
	"flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "professional_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"agency_type" text,
	"licence_number" text,
	"ip_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"ipc_sections" text[] DEFAULT '{}'::text[] NOT NULL,
	"industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"jurisdictions" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"conflict_usccs" text[] DEFAULT '{}'::text[] NOT NULL,
	"nda_on_file" boolean DEFAULT false NOT NULL,
	"available" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor_id" uuid,
	"reason" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workstation_branches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workstation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"host_unit" text,
	"address" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workstation_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workstation_id" uuid NOT NULL,
	"changes" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"requested_by" uuid NOT NULL,
	"decided_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "workstation_profiles" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"filing_status" text DEFAULT 'draft' NOT NULL,
	"filing_number" text,
	"filing_date" date,
	"cluster_version" text DEFAULT '2022' NOT NULL,
	"clusters" text[] DEFAULT '{}'::text[] NOT NULL,
	"districts" text[] DEFAULT '{}'::text[] NOT NULL,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"premises" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"funding" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"leader" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"partner_agency_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"alliance_member" boolean DEFAULT false NOT NULL,
	"self_discipline_signed" boolean DEFAULT false NOT NULL,
	"last_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workstation_staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workstation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"full_time" boolean DEFAULT true NOT NULL,
	"qualifications" text[] DEFAULT '{}'::text[] NOT NULL,
	"training" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"user_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "founded_on" date;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "contact_phone" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "contact_email" text;--> statement-breakpoint
ALTER TABLE "enterprise_memberships" ADD CONSTRAINT "enterprise_memberships_enterprise_id_organizations_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_memberships" ADD CONSTRAINT "enterprise_memberships_workstation_id_organizations_id_fk" FOREIGN KEY ("workstation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enterprise_profiles" ADD CONSTRAINT "enterprise_profiles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstation_branches" ADD CONSTRAINT "workstation_branches_workstation_id_organizations_id_fk" FOREIGN KEY ("workstation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstation_changes" ADD CONSTRAINT "workstation_changes_workstation_id_organizations_id_fk" FOREIGN KEY ("workstation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstation_profiles" ADD CONSTRAINT "workstation_profiles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstation_staff" ADD CONSTRAINT "workstation_staff_workstation_id_organizations_id_fk" FOREIGN KEY ("workstation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workstation_staff" ADD CONSTRAINT "workstation_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_record_idx" ON "documents" USING btree ("record_type","record_id");--> statement-breakpoint
CREATE INDEX "enterprise_memberships_ws_idx" ON "enterprise_memberships" USING btree ("workstation_id","enterprise_id");--> statement-breakpoint
CREATE INDEX "enterprise_profiles_clusters_idx" ON "enterprise_profiles" USING gin ("clusters");--> statement-breakpoint
CREATE UNIQUE INDEX "professional_profiles_subject_uq" ON "professional_profiles" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "workflow_events_record_idx" ON "workflow_events" USING btree ("record_type","record_id","id");--> statement-breakpoint
CREATE INDEX "workstation_branches_ws_idx" ON "workstation_branches" USING btree ("workstation_id");--> statement-breakpoint
CREATE INDEX "workstation_changes_ws_idx" ON "workstation_changes" USING btree ("workstation_id","status");--> statement-breakpoint
CREATE INDEX "workstation_profiles_status_idx" ON "workstation_profiles" USING btree ("filing_status");--> statement-breakpoint
CREATE UNIQUE INDEX "workstation_profiles_filing_no_uq" ON "workstation_profiles" USING btree ("filing_number");--> statement-breakpoint
CREATE INDEX "workstation_staff_ws_idx" ON "workstation_staff" USING btree ("workstation_id");