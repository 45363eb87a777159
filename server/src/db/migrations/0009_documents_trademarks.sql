CREATE TABLE "document_access" (
	"document_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"granted_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_access_document_id_user_id_pk" PRIMARY KEY("document_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "trademarks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"registration_number" text NOT NULL,
	"mark_name" text DEFAULT '' NOT NULL,
	"nice_classes" integer[] DEFAULT '{}'::int4[] NOT NULL,
	"similar_groups" text[] DEFAULT '{}'::text[] NOT NULL,
	"goods_services" text DEFAULT '' NOT NULL,
	"applicants" text[] DEFAULT '{}'::text[] NOT NULL,
	"filing_date" date,
	"registration_date" date,
	"expiry_date" date,
	"status" text,
	"han_keys" integer[] DEFAULT '{}'::int4[] NOT NULL,
	"search_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"import_batch" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_access" ADD CONSTRAINT "document_access_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_access" ADD CONSTRAINT "document_access_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_access_user_idx" ON "document_access" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trademarks_registration_number_uq" ON "trademarks" USING btree ("registration_number");--> statement-breakpoint
CREATE INDEX "trademarks_han_keys_idx" ON "trademarks" USING gin ("han_keys");--> statement-breakpoint
CREATE INDEX "trademarks_search_keys_idx" ON "trademarks" USING gin ("search_keys");--> statement-breakpoint
CREATE INDEX "trademarks_nice_classes_idx" ON "trademarks" USING gin ("nice_classes");