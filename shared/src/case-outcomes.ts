/**
 * How a case ended (办理结果), by case type: the code the API takes when a case is closed, and the
 * wording the ledger (台账) and its export use. The web app translates the codes (cases.outcome.*).
 * A case type lists its own; adding a type adds its list here.
 */
export const CASE_OUTCOMES = {
  consultation: {
    answered: '已解答',
    answered_advised_agency: '已解答，建议委托专业机构',
    referred_assistance: '转维权援助',
    referred_mediation: '转纠纷调处',
    referred_other: '转其他部门或机构办理',
    self_handled: '已解答，企业自行处理',
  },
  retrieval: {
    report_delivered: '已出具检索报告',
    report_delivered_invalidation: '已出具检索报告，建议提起无效',
    fto_opinion: '已出具侵权风险分析意见',
    navigation_report: '已出具专利导航报告',
    no_relevant_art: '未检索到相关文献',
  },
} as const satisfies Record<string, Record<string, string>>;

export type CaseOutcomeType = keyof typeof CASE_OUTCOMES;

export const outcomeCodesOf = (type: string): string[] => Object.keys((CASE_OUTCOMES as Record<string, Record<string, string>>)[type] ?? {});

const LABELS: Record<string, string> = Object.assign({}, ...Object.values(CASE_OUTCOMES));

/** The ledger's wording of an outcome code (codes are unique across types); other text as it is. */
export const outcomeLabel = (code: string | null): string | null => (code === null ? null : (LABELS[code] ?? code));
