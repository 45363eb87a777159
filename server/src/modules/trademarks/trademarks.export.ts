import type { RecordSheet } from '../patents/patents.export';
import { STATUS_LABELS, type TrademarkStatus } from './trademarks.record';
import type { TrademarkWrite } from './trademarks.repository';

/** A trademark's columns in an exported sheet, as the trademark register's own lists name them. */
export const TRADEMARK_SHEET: RecordSheet = {
  columns: [
    { header: '注册号/申请号', width: 16, key: 'registrationNumber' },
    { header: '商标名称', width: 24, key: 'markName' },
    { header: '国际分类', width: 14, key: 'niceClasses' },
    { header: '申请人', width: 30, key: 'applicants' },
    { header: '申请日', width: 12, key: 'filingDate' },
    { header: '注册日', width: 12, key: 'registrationDate' },
    { header: '专用权期限', width: 12, key: 'expiryDate' },
    { header: '商标状态', width: 12, key: 'status' },
  ],
  long: { header: '商品/服务项目', key: 'goodsServices' },
};

/** A status as the register names it. */
export const statusLabel = (s: string | null) => (s ? (STATUS_LABELS[s as TrademarkStatus] ?? s) : '');

export const trademarkSheetValues = (m: Omit<TrademarkWrite, 'id' | 'similarGroups' | 'status'> & { status: string | null }): Record<string, string> => ({
  registrationNumber: m.registrationNumber,
  markName: m.markName,
  niceClasses: m.niceClasses.join('; '),
  applicants: m.applicants.join('; '),
  filingDate: m.filingDate ?? '',
  registrationDate: m.registrationDate ?? '',
  expiryDate: m.expiryDate ?? '',
  status: statusLabel(m.status),
  goodsServices: m.goodsServices,
});
