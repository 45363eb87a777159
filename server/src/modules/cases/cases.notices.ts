import type { AppDeps } from '../../deps';
import { AppError } from '../../errors';
import { shanghaiDate } from '../../calendar/working-days';
import { fields, renderPdf } from '../../documents/pdf';
import type { Actor, RequestContext } from '../../policy/actor';
import { getCase } from './cases.service';

type Ctx = RequestContext & { actor: Actor };
export const NOTICE_KINDS = ['acceptance', 'refusal', 'record'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

const TYPE_NAMES: Record<string, string> = { consultation: '法律咨询', retrieval: '信息检索' };
const TITLES: Record<NoticeKind, string> = { acceptance: '受理通知书', refusal: '不予受理通知书', record: '咨询服务记录' };

/**
 * The printed documents of a case: the acceptance and refusal notices and the consultation record,
 * rendered from the case as the caller may see it (so an enterprise never prints internal notes).
 */
export async function caseNotice(deps: AppDeps, ctx: Ctx, id: string, kind: NoticeKind) {
  const { data: c } = await getCase(deps, ctx, id);
  const happened = (action: string) => [...c.timeline].reverse().find((e) => e.action === action);
  const accepted = happened('accept');
  const rejected = happened('reject');
  const answer = [...c.messages].reverse().find((m) => m.kind === 'answer');
  if ((kind === 'acceptance' && !accepted) || (kind === 'refusal' && !rejected) || (kind === 'record' && (c.type !== 'consultation' || !answer))) {
    throw new AppError('INVALID_TRANSITION', { messageKey: 'NOTICE_NOT_AVAILABLE' });
  }
  const client = c.parties.filter((p) => p.side === 'client');
  const adverse = c.parties.filter((p) => p.side === 'adverse');
  const date = (iso?: string | null) => (iso ? shanghaiDate(new Date(iso)) : null);
  const pdf = await renderPdf({ title: `${TITLES[kind]} ${c.caseNo}` }, (doc) => {
    doc.font('bold').fontSize(18).text(`知识产权保护工作站${TITLES[kind]}`, { align: 'center' });
    doc.moveDown(0.4).font('body').fontSize(10).text(`编号：${c.caseNo}`, { align: 'center' });
    doc.moveDown(1.2).fontSize(11);
    fields(doc, [
      ['服务类型', TYPE_NAMES[c.type] ?? c.type],
      ['申请人', client.map((p) => `${p.name}（统一社会信用代码 ${p.uscc}）`).join('；')],
      ...(adverse.length ? ([['对方当事人', adverse.map((p) => p.name).join('；')]] as [string, string][]) : []),
      ['事项', c.title],
      ['申请日期', date(c.createdAt)],
    ]);
    doc.moveDown();
    if (kind === 'acceptance') {
      doc.text(`经审查，你方提出的${TYPE_NAMES[c.type] ?? ''}申请符合受理条件，本工作站决定予以受理。`);
      fields(doc, [['受理日期', date(accepted!.at)], ['承办期限', c.dueAt ? `${date(c.dueAt)} 前` : '—']]);
    } else if (kind === 'refusal') {
      doc.text('经审查，你方提出的申请不符合受理条件，本工作站决定不予受理。');
      fields(doc, [['理由', rejected!.reason], ['决定日期', date(rejected!.at)]]);
      doc.moveDown().text('如对本决定有异议，可通过诉讼、行政裁决等其他途径维护合法权益。');
    } else {
      fields(doc, [['咨询内容', String(c.form.question ?? '')], ['知识产权类型', String(c.form.ipType ?? '')], ['答复意见', answer!.body], ['答复人', answer!.author], ['答复日期', date(answer!.at)]]);
    }
    doc.moveDown(3).text('（工作站盖章）', { align: 'right' }).text(date(new Date().toISOString()) ?? '', { align: 'right' });
  });
  return { pdf, filename: `${c.caseNo}-${TITLES[kind]}.pdf` };
}
