/**
 * Shenzhen's districts (statistical division codes, 2023) and its two functional areas, from the
 * reference list kept with the project notes. The registry issue turns this into a versioned table.
 */
export const DISTRICTS = [
  { code: '440303', name: '罗湖区', nameEn: 'Luohu', kind: 'district' },
  { code: '440304', name: '福田区', nameEn: 'Futian', kind: 'district' },
  { code: '440305', name: '南山区', nameEn: 'Nanshan', kind: 'district' },
  { code: '440306', name: '宝安区', nameEn: "Bao'an", kind: 'district' },
  { code: '440307', name: '龙岗区', nameEn: 'Longgang', kind: 'district' },
  { code: '440308', name: '盐田区', nameEn: 'Yantian', kind: 'district' },
  { code: '440309', name: '龙华区', nameEn: 'Longhua', kind: 'district' },
  { code: '440310', name: '坪山区', nameEn: 'Pingshan', kind: 'district' },
  { code: '440311', name: '光明区', nameEn: 'Guangming', kind: 'district' },
  { code: '440307-DP', name: '大鹏新区', nameEn: 'Dapeng New Area', kind: 'functional-area' },
  { code: 'SSTH', name: '深汕特别合作区', nameEn: 'Shenshan Special Cooperation Zone', kind: 'functional-area' },
] as const;

export type DistrictCode = (typeof DISTRICTS)[number]['code'];
export const DISTRICT_CODES = DISTRICTS.map((d) => d.code) as [DistrictCode, ...DistrictCode[]];
