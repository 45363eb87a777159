import { Readable } from 'node:stream';
import type { AppDeps } from '../deps';
import { importTrademarks } from '../modules/trademarks/trademarks.import';
import { prng } from './network';

/**
 * Nice classes a Shenzhen technology firm files in, with similar groups of each class and the goods
 * or services a filing names there (区分表 wording, shortened).
 */
const CLASSES: { nice: number; groups: string[]; goods: string[] }[] = [
  { nice: 9, groups: ['0901', '0907', '0913', '0922'], goods: ['计算机软件（已录制）', '电池', '锂离子电池', '智能手机', '电池充电器', '测量仪器'] },
  { nice: 7, groups: ['0742', '0748', '0750'], goods: ['电池生产设备', '涂布机', '工业机器人', '包装机'] },
  { nice: 11, groups: ['1101', '1104', '1109'], goods: ['照明器械及装置', 'LED 灯', '空气净化装置', '电暖器'] },
  { nice: 35, groups: ['3501', '3502', '3503'], goods: ['广告', '替他人推销', '市场营销', '商业信息'] },
  { nice: 42, groups: ['4209', '4220', '4227'], goods: ['技术研究', '计算机软件设计', '软件即服务（SaaS）', '质量检测'] },
  { nice: 1, groups: ['0102', '0104'], goods: ['电池用化学品', '工业用化学品', '隔膜材料用树脂'] },
];

const NAMES = ['鹏城锂电', '海纳', '知信', '深蓝芯', '云帆', '光启', '华创', '鹏芯', '前海智造', '南山之光', '星河动力', '绿能', '极光', '腾越', '智联'];
const LATIN = ['PENGCHENG', 'HAINA', 'ZHIXIN', 'DEEPBLUE', 'CLOUDSAIL', 'KUANGCHI', 'HUACHUANG', 'PX', 'QIANHAI', 'NANSHAN', 'STARRIVER', 'GREENERGY', 'AURORA', 'TENGYUE', 'ZHILIAN'];
const APPLICANTS = ['深圳市鹏城锂电科技有限公司', '深圳市海纳新材料有限公司', '深圳市知信专利代理事务所（普通合伙）', '深圳市深蓝芯半导体有限公司', '深圳市云帆软件技术有限公司'];
const STATUSES = ['registered', 'registered', 'registered', 'registered', 'pending', 'published', 'opposed', 'expired', 'cancelled'];

export const DEMO_TRADEMARK_COUNT = 120;

/** Trademark records for the demo's trademark search, imported as an upload would be. */
export async function seedDemoTrademarks(deps: AppDeps, count = DEMO_TRADEMARK_COUNT): Promise<number> {
  const r = prng(4_401);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = i % NAMES.length;
    const style = Math.floor(i / NAMES.length) % 3;
    const markName = style === 0 ? NAMES[k] : style === 1 ? LATIN[k] : `${NAMES[k]} ${LATIN[k]}`;
    const cls = CLASSES[(i * 7 + k) % CLASSES.length];
    const groups = r.some(cls.groups, r.int(1, Math.min(2, cls.groups.length)));
    const goods = r.some(cls.goods, r.int(2, cls.goods.length));
    const status = STATUSES[i % STATUSES.length];
    // An expired mark's ten years ran out; the others were filed recently enough to be in force.
    const year = status === 'expired' ? 2008 + (i % 5) : 2016 + (i % 9);
    const filed = `${year}-${String(r.int(1, 9)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
    const registered = ['registered', 'expired', 'cancelled'].includes(status);
    const regDate = `${year + 1}${filed.slice(4)}`;
    lines.push(
      JSON.stringify({
        registrationNumber: String(20_000_000 + i * 37 + r.int(0, 36)),
        markName,
        niceClasses: [cls.nice],
        similarGroups: groups,
        goodsServices: goods.join('；'),
        applicants: [APPLICANTS[k % APPLICANTS.length]],
        filingDate: filed,
        ...(registered ? { registrationDate: regDate, expiryDate: `${year + 11}${filed.slice(4)}` } : {}),
        status,
      }),
    );
  }
  const { counts } = await importTrademarks(deps, Readable.from([Buffer.from(lines.join('\n'), 'utf8')]), 'jsonl');
  return counts.created + counts.updated;
}
