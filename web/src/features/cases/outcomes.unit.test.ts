import { describe, expect, it } from 'vitest';
import { CASE_OUTCOMES } from '../../../../shared/src/case-outcomes';
import zhCN from '../../i18n/features/cases.zh-CN.json';
import enUS from '../../i18n/features/cases.en-US.json';
import { CASE_OUTCOME_CODES } from './outcomes';

describe('outcome codes in the web app', () => {
  it('are the codes the API takes, type by type', () => {
    expect(CASE_OUTCOME_CODES).toEqual(Object.fromEntries(Object.entries(CASE_OUTCOMES).map(([type, codes]) => [type, Object.keys(codes)])));
  });

  it('read in Chinese as the ledger writes them, and have an English name', () => {
    const zh = (zhCN as { cases: { outcome: Record<string, string> } }).cases.outcome;
    const en = (enUS as { cases: { outcome: Record<string, string> } }).cases.outcome;
    for (const codes of Object.values(CASE_OUTCOMES)) {
      for (const [code, label] of Object.entries(codes)) {
        expect(zh[code]).toBe(label);
        expect(en[code]).toBeTruthy();
      }
    }
  });
});
