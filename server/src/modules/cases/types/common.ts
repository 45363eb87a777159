/** IP types of 深圳经济特区知识产权保护条例 Art. 2 (the ledger's ipType). */
export const ipTypes = [
  'patent_invention', 'utility_model', 'design', 'trademark', 'copyright', 'software_copyright', 'trade_secret', 'geographical_indication', 'layout_design', 'plant_variety',
] as const;
