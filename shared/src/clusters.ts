/**
 * The "20+8" cluster list, version 2022 (codes are ours). The database holds the same rows as
 * versioned reference data (migration 0002); this copy lets the web app label codes offline.
 */
export const CLUSTER_VERSION_CURRENT = '2022';
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

export type ClusterCode = (typeof CLUSTERS_2022)[number]['code'];
export const CLUSTER_CODES_2022 = CLUSTERS_2022.map((c) => c.code) as [ClusterCode, ...ClusterCode[]];
