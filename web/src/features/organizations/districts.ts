// Shenzhen's districts (statistical division codes, 2023) and its two functional areas.
export const SHENZHEN_DISTRICTS = [
  '440303',
  '440304',
  '440305',
  '440306',
  '440307',
  '440308',
  '440309',
  '440310',
  '440311',
  '440307-DP',
  'SSTH',
] as const;
