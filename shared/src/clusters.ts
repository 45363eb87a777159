/**
 * The "20+8" cluster list by version (codes are ours). The database holds the same rows as versioned
 * reference data (migrations 0002 and 0011). A record keeps the version its clusters were tagged
 * under (`cluster_version`); a record tagged or re-tagged today takes the current version.
 */
export const CLUSTERS_2022 = [
  { code: 'C01', kind: 'cluster', name: '网络与通信' },
  { code: 'C02', kind: 'cluster', name: '半导体与集成电路' },
  { code: 'C03', kind: 'cluster', name: '超高清视频显示' },
  { code: 'C04', kind: 'cluster', name: '智能终端' },
  { code: 'C05', kind: 'cluster', name: '智能传感器' },
  { code: 'C06', kind: 'cluster', name: '软件与信息服务' },
  { code: 'C07', kind: 'cluster', name: '数字创意' },
  { code: 'C08', kind: 'cluster', name: '现代时尚' },
  { code: 'C09', kind: 'cluster', name: '工业母机' },
  { code: 'C10', kind: 'cluster', name: '智能机器人' },
  { code: 'C11', kind: 'cluster', name: '激光与增材制造' },
  { code: 'C12', kind: 'cluster', name: '精密仪器设备' },
  { code: 'C13', kind: 'cluster', name: '新能源' },
  { code: 'C14', kind: 'cluster', name: '安全节能环保' },
  { code: 'C15', kind: 'cluster', name: '智能网联汽车' },
  { code: 'C16', kind: 'cluster', name: '新材料' },
  { code: 'C17', kind: 'cluster', name: '高端医疗器械' },
  { code: 'C18', kind: 'cluster', name: '生物医药' },
  { code: 'C19', kind: 'cluster', name: '大健康' },
  { code: 'C20', kind: 'cluster', name: '海洋产业' },
  { code: 'F01', kind: 'future', name: '合成生物' },
  { code: 'F02', kind: 'future', name: '区块链' },
  { code: 'F03', kind: 'future', name: '细胞与基因' },
  { code: 'F04', kind: 'future', name: '空天技术' },
  { code: 'F05', kind: 'future', name: '脑科学与类脑智能' },
  { code: 'F06', kind: 'future', name: '深地深海' },
  { code: 'F07', kind: 'future', name: '可见光通信与光计算' },
  { code: 'F08', kind: 'future', name: '量子信息' },
] as const;

/**
 * The 2024 revision (《关于加快发展新质生产力进一步推进战略性新兴产业集群和未来产业高质量发展的实施方案》)
 * adds a 低空经济与空天 cluster. Its full list (merges, renames) was not retrieved, so every 2022 code
 * carries over unchanged and C21 is added; a later correction is a new version, never an edit.
 */
export const CLUSTERS_2024 = [
  ...CLUSTERS_2022,
  { code: 'C21', kind: 'cluster', name: '低空经济与空天' },
] as const;

export const CLUSTER_VERSIONS = { '2022': CLUSTERS_2022, '2024': CLUSTERS_2024 } as const;
export type ClusterVersion = keyof typeof CLUSTER_VERSIONS;
/** The version new tags are made under; the column default of cluster_version follows it. */
export const CLUSTER_VERSION_CURRENT: ClusterVersion = '2024';

export type ClusterCode = (typeof CLUSTERS_2024)[number]['code'];
/** The codes a record may be tagged with today. */
export const CLUSTER_CODES_CURRENT = CLUSTER_VERSIONS[CLUSTER_VERSION_CURRENT].map((c) => c.code) as [ClusterCode, ...ClusterCode[]];
/** Every code of every version: what list filters accept, so records tagged under any version stay findable. */
export const CLUSTER_CODES_ANY = [...new Set(Object.values(CLUSTER_VERSIONS).flatMap((v) => v.map((c) => c.code)))] as [ClusterCode, ...ClusterCode[]];

/** Codes among `codes` that the given version (the current one by default) does not have. */
export function unknownClusterCodes(codes: readonly string[] | undefined, version: ClusterVersion = CLUSTER_VERSION_CURRENT): string[] {
  const known = new Set<string>(CLUSTER_VERSIONS[version].map((c) => c.code));
  return (codes ?? []).filter((c) => !known.has(c));
}
