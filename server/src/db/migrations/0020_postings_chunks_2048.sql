-- Postings in chunks of 2,048 records instead of 512 (search/postings.ts): a common key's row now
-- serves four times the records. Record numbers stay: record d is bit d % 2048 of chunk d / 2048,
-- so four old chunks make one new one, each old bitmap at its place in the new.
ALTER SEQUENCE "public"."patent_doc_chunks" OWNED BY NONE;--> statement-breakpoint
CREATE TABLE "patent_postings_2048" (
	"key" integer NOT NULL,
	"chunk" bigint NOT NULL,
	"n" smallint NOT NULL,
	"bits" bit(2048) NOT NULL
);
--> statement-breakpoint
INSERT INTO "patent_postings_2048" ("key", "chunk", "n", "bits")
SELECT "key", "chunk" / 4, sum("n")::int2,
       bit_or((repeat('0', ("chunk" % 4)::int * 512) || "bits"::text || repeat('0', (3 - "chunk" % 4)::int * 512))::bit(2048))
  FROM "patent_postings" GROUP BY "key", "chunk" / 4;--> statement-breakpoint
DROP TABLE "patent_postings";--> statement-breakpoint
ALTER TABLE "patent_postings_2048" RENAME TO "patent_postings";--> statement-breakpoint
ALTER TABLE "patent_postings" ADD CONSTRAINT "patent_postings_key_chunk_pk" PRIMARY KEY ("key", "chunk");--> statement-breakpoint
ALTER SEQUENCE "public"."patent_doc_chunks" OWNED BY "patent_postings"."chunk";--> statement-breakpoint
-- The next chunk comes after every chunk in use (each has its row of key 0); old chunks 1-3 are the new 0.
SELECT setval('patent_doc_chunks', greatest(coalesce((SELECT max("chunk") FROM "patent_postings"), 1), 1), (SELECT count(*) > 0 FROM "patent_postings"));
