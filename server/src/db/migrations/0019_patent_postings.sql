-- Patents' Latin tokens and prefixes and their applicants' and inventors' keys (`w:` `x:` `p:` `i:`,
-- ~62 of a record's ~96 search keys, shared by many records) move from the GIN on search_keys to
-- posting_keys, looked up through the posting table of the Han bigrams, renamed patent_postings:
-- each such key gets an int4 id in patent_key_ids, from 0x00100000 up, a range no Han bigram code
-- takes (search/postings.ts). search_keys keeps the IPC and number keys (`c:` `n:`), mostly the
-- record's own, in its GIN. Stored records get the postings of their keys under the numbers they have.
ALTER TABLE "patent_han_postings" RENAME TO "patent_postings";--> statement-breakpoint
ALTER TABLE "patent_postings" RENAME CONSTRAINT "patent_han_postings_key_chunk_pk" TO "patent_postings_key_chunk_pk";--> statement-breakpoint
CREATE SEQUENCE "public"."patent_key_id_seq" INCREMENT BY 1 MINVALUE 1048576 MAXVALUE 780140543 START WITH 1048576 CACHE 1;--> statement-breakpoint
CREATE TABLE "patent_key_ids" (
	"key" text PRIMARY KEY NOT NULL,
	"id" integer DEFAULT nextval('patent_key_id_seq') NOT NULL,
	CONSTRAINT "patent_key_ids_id_uq" UNIQUE("id")
);
--> statement-breakpoint
ALTER TABLE "patents" ADD COLUMN "posting_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "patents" ALTER COLUMN "posting_keys" SET STORAGE EXTERNAL;--> statement-breakpoint
UPDATE "patents" SET
  "posting_keys" = array(SELECT k FROM unnest("search_keys") WITH ORDINALITY u(k, o) WHERE left(k, 2) IN ('w:', 'x:', 'p:', 'i:') ORDER BY o),
  "search_keys" = array(SELECT k FROM unnest("search_keys") WITH ORDINALITY u(k, o) WHERE left(k, 2) NOT IN ('w:', 'x:', 'p:', 'i:') ORDER BY o)
WHERE EXISTS (SELECT 1 FROM unnest("search_keys") k WHERE left(k, 2) IN ('w:', 'x:', 'p:', 'i:'));--> statement-breakpoint
INSERT INTO "patent_key_ids" ("key")
SELECT DISTINCT k FROM "patents" p, unnest(p."posting_keys") k ORDER BY k;--> statement-breakpoint
INSERT INTO "patent_postings" ("key", "chunk", "n", "bits")
SELECT d."id", x.doc / 512, count(*)::int2, bit_or(set_bit(repeat('0', 512)::bit(512), (x.doc % 512)::int, 1))
  FROM (SELECT DISTINCT p."doc" AS doc, k FROM "patents" p, unnest(p."posting_keys") k) x
  JOIN "patent_key_ids" d ON d."key" = x.k
 GROUP BY d."id", x.doc / 512;
