-- Lists order organizations by name_sort under the "C" collation (db/order.ts) through
-- organizations_type_name_c_idx and organizations_type_district_idx (0004); this index, under the
-- database's default collation, served no query and cost every insert of an enterprise a btree write.
DROP INDEX "organizations_type_idx";
