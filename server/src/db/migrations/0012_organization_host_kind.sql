ALTER TABLE "organizations" ADD COLUMN "host_kind" text;--> statement-breakpoint
-- Host bodies recorded before the kind was kept: read it from the name where the name says it.
UPDATE "organizations" SET "host_kind" = CASE
  WHEN "name" LIKE '%商会' THEN 'chamber_of_commerce'
  WHEN "name" LIKE '%园区%' THEN 'industrial_park'
  WHEN "name" LIKE '%市场%' THEN 'market_operator'
  WHEN "name" LIKE '%协会' OR "name" LIKE '%促进会' OR "name" LIKE '%联合会' THEN 'industry_association'
END
WHERE "type" = 'host_association' AND "host_kind" IS NULL;
