// The "20+8" industry clusters (version 2024: the 2022 list and C21), as the API's ledger filter accepts them; names in the
// i18n files under ledger.clusters.
export const CLUSTER_CODES = [
  'C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10',
  'C11', 'C12', 'C13', 'C14', 'C15', 'C16', 'C17', 'C18', 'C19', 'C20', 'C21',
  'F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08',
] as const;
