/**
 * Synthetic Chinese patent records for tests and the search benchmark. Deterministic for a seed.
 *
 * The vocabulary is combinatorial: about 120 material/object morphemes × 90 component morphemes,
 * plus process, property and field words, gives tens of thousands of distinct technical terms. Terms
 * are drawn with Zipf-like (1/rank^s) frequencies, so a few are everywhere and most are rare, as in
 * real patent text. Sentences come from templates in patent register (本发明公开了一种…，所述…).
 */
import { applicationCheckChar } from '../server/src/modules/patents/patents.numbers';
import { mulberry32 } from '../server/src/lib/random';

/** The corpus generator's random numbers (server/src/lib/random.ts). */
export const rng = mulberry32;

const MATERIALS = (
  '锂 钠 钾 镁 铝 钛 铁 钴 镍 铜 锌 锡 硅 碳 石墨 石墨烯 碳纳米管 氮化镓 碳化硅 砷化镓 氧化锌 氧化铝 二氧化钛 磷酸铁锂 三元 钛酸锂 固态 ' +
  '聚乙烯 聚丙烯 聚酰亚胺 聚氨酯 环氧树脂 硅胶 陶瓷 玻璃 光纤 液晶 量子点 钙钛矿 有机 无机 复合 纳米 多孔 柔性 透明 导电 绝缘 ' +
  '超导 磁性 压电 热电 光伏 光学 激光 红外 紫外 微波 毫米波 射频 超声 电磁 静电 等离子 高分子 生物 医用 可降解 水凝胶 ' +
  '混凝土 钢结构 铝合金 不锈钢 钛合金 镁合金 铜箔 铝箔 银浆 焊料 封装 基板 晶圆 芯片 传感 存储 显示 触控 背光 ' +
  '电机 电池 电容 电感 变压 逆变 整流 充电 放电 储能 氢能 燃料 风电 核电 水电 电网 配电 输电 智能 无线 蓝牙 卫星 雷达 ' +
  '无人机 机器人 机械臂 自动驾驶 车载 轨道 船舶 航空 航天 医疗 诊断 药物 疫苗 基因 细胞 蛋白 抗体 检测 监测 识别'
).split(/\s+/);
const COMPONENTS = (
  '隔膜 电极 正极 负极 电解液 集流体 极片 电芯 模组 外壳 壳体 盖板 端子 连接器 线束 支架 底座 框架 导轨 齿轮 轴承 弹簧 阀门 泵体 ' +
  '叶片 转子 定子 绕组 铁芯 磁钢 散热器 风扇 热管 冷板 加热器 传感器 探头 天线 滤波器 放大器 振荡器 芯片 处理器 控制器 驱动器 ' +
  '电路 电源 开关 继电器 保险丝 接口 模块 组件 装置 系统 设备 终端 平台 网络 协议 算法 模型 数据库 界面 显示屏 面板 光源 透镜 ' +
  '反射镜 棱镜 涂层 薄膜 纤维 颗粒 粉末 浆料 溶液 催化剂 吸附剂 添加剂 粘结剂 封装胶 密封圈 垫片 夹具 模具 刀具 喷嘴 管道 容器'
).split(/\s+/);
const PROCESSES = '制备 制造 加工 控制 检测 测量 校准 封装 焊接 涂覆 烧结 刻蚀 沉积 注塑 冲压 切割 组装 调试 优化 识别 定位 通信 传输 存储 回收'.split(' ');
const PROPERTIES = '安全性 稳定性 可靠性 导电性 导热性 耐热性 耐腐蚀性 机械强度 循环寿命 能量密度 功率密度 转换效率 响应速度 精度 灵敏度 一致性 良品率 成本 体积 重量 功耗 噪声 寿命 效率'.split(' ');
const VERBS = '提高 改善 降低 增强 减少 提升 保证 避免 简化 缩短'.split(' ');
const LATIN = '5G 4G LED OLED AMOLED LCD PCB FPC IGBT MOSFET MEMS CMOS GPS AI IoT USB WiFi NFC RFID BMS PLC CPU GPU FPGA ASIC SoC DSP ADC DAC PWM CAN LiDAR UWB'.split(' ');
const SURNAMES = '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹'.split(' ');
const GIVEN = '伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 涛 明 超 秀英 华 平 刚 桂英 文 辉 鹏 建华 晓东 志强 海燕 建国 春梅'.split(' ');
const COMPANY_WORDS = '华 腾 科 创 新 达 通 信 联 光 电 智 能 源 芯 微 盛 鑫 恒 泰 宏 远 佳 德 瑞 安 优 卓 越 星'.split(' ');
const COMPANY_KINDS = '科技有限公司 电子有限公司 新能源科技有限公司 技术股份有限公司 智能科技有限公司 半导体有限公司 精密制造有限公司'.split(' ');
const UNIVERSITIES = ['深圳大学', '南方科技大学', '清华大学深圳国际研究生院', '哈尔滨工业大学（深圳）', '北京大学深圳研究生院', '中国科学院深圳先进技术研究院'];
const IPC_SUBCLASSES = 'H01M H01L H02J H02M H04W H04L H04N G06F G06N G06T G01N G01R G02B G05B B60L B62D B25J B29C B32B C08L C08K C09D C01B C22C A61B A61K A61P F24F F28D E04B'.split(' ');
const STATUSES = ['granted_valid', 'under_examination', 'pending_publication', 'lapsed_fee', 'expired', 'withdrawn_deemed', 'rejected', 'invalidated_partial', 'transferred', 'licensed', 'pledged'];

export interface CorpusRecord {
  applicationNumber: string;
  publicationNumber: string;
  kindCode: string;
  type: 'invention' | 'utility_model' | 'design';
  title: string;
  abstract: string;
  mainClaim: string;
  claims: string;
  applicants: string[];
  inventors: string[];
  mainIpc: string;
  ipc: string[];
  filingDate: string;
  publicationDate: string;
  legalStatus: string;
}

/** Draws ranks 0..n-1 with probability ∝ 1/(rank+1)^s, by inverting a precomputed CDF. */
function zipf(n: number, s: number, rand: () => number) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / Math.pow(i + 1, s);
    cdf[i] = sum;
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function createCorpus(seed = 42) {
  const rand = rng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const one = <T>(xs: T[]) => xs[int(xs.length)];
  // The vocabulary in a fixed shuffled order: its rank decides its frequency.
  const vocab: string[] = [];
  for (const m of MATERIALS) for (const c of COMPONENTS) vocab.push(m + c);
  for (let i = vocab.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [vocab[i], vocab[j]] = [vocab[j], vocab[i]];
  }
  const termRank = zipf(vocab.length, 0.85, rand);
  const term = () => vocab[termRank()];
  const companies: string[] = [];
  for (let i = 0; i < 3000; i++) companies.push(`深圳市${one(COMPANY_WORDS)}${one(COMPANY_WORDS)}${one(COMPANY_KINDS)}`);
  const companyRank = zipf(companies.length, 1.0, rand);
  const maybeLatin = () => (rand() < 0.25 ? one(LATIN) : '');

  const sentence = () => {
    switch (int(6)) {
      case 0:
        return `所述${term()}包括${term()}和${term()}`;
      case 1:
        return `通过${term()}${one(PROCESSES)}${term()}，${one(VERBS)}了${one(PROPERTIES)}`;
      case 2:
        return `所述${term()}设置于${term()}的一侧，与${maybeLatin()}${term()}电连接`;
      case 3:
        return `采用${maybeLatin() || term()}${one(PROCESSES)}工艺，温度为${100 + int(800)}℃，时间为${1 + int(48)}小时`;
      case 4:
        return `该${term()}能够${one(VERBS)}${term()}的${one(PROPERTIES)}和${one(PROPERTIES)}`;
      default:
        return `所述${term()}的厚度为${(rand() * 10).toFixed(1)}mm，由${term()}制成`;
    }
  };
  const paragraph = (min: number, max: number) => {
    const parts: string[] = [];
    let len = 0;
    const target = min + int(max - min);
    while (len < target) {
      const s = sentence();
      parts.push(s);
      len += s.length + 1;
    }
    return `${parts.join('，')}。`;
  };

  let serial = 0;
  return function next(): CorpusRecord {
    serial++;
    const year = 2010 + int(16);
    const typeDigit = rand() < 0.7 ? '1' : '2';
    const digits = `${year}${typeDigit}${String(serial).padStart(7, '0')}`;
    const t1 = term();
    const t2 = term();
    const proc = one(PROCESSES);
    const title = [`一种${t1}及其${proc}方法`, `${t1}${proc}装置`, `基于${t2}的${t1}`, `一种${maybeLatin()}${t1}`, `${t1}和${t2}的${proc}系统`][int(5)];
    const claimsParts: string[] = [];
    const nClaims = 3 + int(6);
    for (let i = 2; i <= nClaims; i++) claimsParts.push(`${i}. 根据权利要求${1 + int(i - 1)}所述的${t1}，其特征在于，${paragraph(40, 120)}`);
    const pubSerial = String(100000000 + serial).slice(0, 9);
    const filing = `${year}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`;
    const pubYear = Math.min(2025, year + 1 + int(2));
    const sub = one(IPC_SUBCLASSES);
    const mainIpc = `${sub} ${1 + int(30)}/${String(int(100)).padStart(2, '0')}`;
    const ipc = [mainIpc];
    for (let i = int(3); i > 0; i--) ipc.push(`${one(IPC_SUBCLASSES)} ${1 + int(30)}/${String(int(100)).padStart(2, '0')}`);
    const applicants = rand() < 0.15 ? [one(UNIVERSITIES)] : [companies[companyRank()]];
    if (rand() < 0.1) applicants.push(one(UNIVERSITIES));
    const inventors: string[] = [];
    for (let i = 1 + int(4); i > 0; i--) inventors.push(one(SURNAMES) + one(GIVEN));
    return {
      applicationNumber: `${digits}.${applicationCheckChar(digits)}`,
      publicationNumber: `CN${pubSerial}${typeDigit === '1' ? 'A' : 'U'}`,
      kindCode: typeDigit === '1' ? 'A' : 'U',
      type: typeDigit === '1' ? 'invention' : 'utility_model',
      title,
      abstract: `本发明公开了一种${t1}，${paragraph(120, 260)}`,
      mainClaim: `1. 一种${t1}，其特征在于，${paragraph(60, 180)}`,
      claims: claimsParts.join('\n'),
      applicants,
      inventors,
      mainIpc,
      ipc,
      filingDate: filing,
      publicationDate: `${pubYear}-${String(1 + int(12)).padStart(2, '0')}-${String(1 + int(28)).padStart(2, '0')}`,
      legalStatus: one(STATUSES),
    };
  };
}

/** Random substrings of 2..6 Han characters from the corpus' own text: the queries recall is measured on. */
export function substringQueries(records: Pick<CorpusRecord, 'title' | 'abstract' | 'claims'>[], count: number, seed = 7) {
  const rand = rng(seed);
  const out: string[] = [];
  while (out.length < count) {
    const r = records[Math.floor(rand() * records.length)];
    const text = [r.title, r.abstract, r.claims][Math.floor(rand() * 3)];
    const runs = text.match(/\p{Script=Han}{2,}/gu) ?? [];
    if (!runs.length) continue;
    const run = [...runs[Math.floor(rand() * runs.length)]];
    const len = Math.min(run.length, 2 + Math.floor(rand() * 5));
    const start = Math.floor(rand() * (run.length - len + 1));
    out.push(run.slice(start, start + len).join(''));
  }
  return out;
}
