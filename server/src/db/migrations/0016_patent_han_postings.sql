-- Patents' Han bigrams move from a GIN on han_keys (an entry per key and record, ~390 a record:
-- the whole cost of an import) to patent_han_postings, one bit(512) bitmap per key and chunk of
-- records written together (search/postings.ts). Records stored before get numbers in chunks of
-- 500 in id order and their postings from han_keys; the row keeps only the keys' SHA-256
-- (search/postings.ts keySignature: the codes as big-endian int4s, in order).
CREATE SEQUENCE "public"."patent_doc_chunks" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "patent_han_postings" (
	"key" integer NOT NULL,
	"chunk" bigint NOT NULL,
	"n" smallint NOT NULL,
	"bits" bit(512) NOT NULL,
	CONSTRAINT "patent_han_postings_key_chunk_pk" PRIMARY KEY("key","chunk")
);
--> statement-breakpoint
DROP INDEX "patents_han_keys_idx";--> statement-breakpoint
ALTER TABLE "patents" ADD COLUMN "doc" bigint;--> statement-breakpoint
ALTER TABLE "patents" ADD COLUMN "han_sig" bytea;--> statement-breakpoint
UPDATE "patents" p SET "doc" = n.doc,
       "han_sig" = sha256(decode(coalesce((SELECT string_agg(lpad(to_hex(k), 8, '0'), '' ORDER BY o) FROM unnest(p."han_keys") WITH ORDINALITY u(k, o)), ''), 'hex'))
  FROM (SELECT id, ((row_number() OVER (ORDER BY id) - 1) / 500 + 1) * 512 + (row_number() OVER (ORDER BY id) - 1) % 500 AS doc FROM "patents") n
 WHERE p.id = n.id;--> statement-breakpoint
SELECT setval('patent_doc_chunks', coalesce((SELECT max("doc") / 512 FROM "patents"), 1), (SELECT count(*) > 0 FROM "patents"));--> statement-breakpoint
INSERT INTO "patent_han_postings" ("key", "chunk", "n", "bits")
SELECT k, doc / 512, count(*)::int2, bit_or(set_bit(repeat('0', 512)::bit(512), (doc % 512)::int, 1))
  FROM (SELECT DISTINCT p."doc" AS doc, k FROM "patents" p, unnest(p."han_keys") k) x
 GROUP BY k, doc / 512;--> statement-breakpoint
-- Key 0 (no bigram's code): every record of a chunk, so each chunk in use has a row and a restore,
-- which sets an owned sequence past its column's largest value, never hands out a chunk in use.
INSERT INTO "patent_han_postings" ("key", "chunk", "n", "bits")
SELECT 0, "doc" / 512, count(*)::int2, bit_or(set_bit(repeat('0', 512)::bit(512), ("doc" % 512)::int, 1))
  FROM "patents" GROUP BY "doc" / 512;--> statement-breakpoint
ALTER SEQUENCE "public"."patent_doc_chunks" OWNED BY "patent_han_postings"."chunk";--> statement-breakpoint
ALTER TABLE "patents" ALTER COLUMN "doc" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "patents" ALTER COLUMN "han_sig" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "patents" DROP COLUMN "han_keys";--> statement-breakpoint
CREATE UNIQUE INDEX "patents_doc_uq" ON "patents" USING btree ("doc");
