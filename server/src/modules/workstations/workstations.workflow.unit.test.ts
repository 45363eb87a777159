import { describe, expect, it } from 'vitest';
import type { FilingState } from '../../db/schema';
import { AppError } from '../../errors';
import type { Actor } from '../../policy/actor';
import { decide } from '../../workflow/engine';
import { filingWorkflow, hostOldEnough, type FilingRecord } from './workstations.workflow';

const actor = (role: Actor['roles'][number]['role'], organizationId: string): Actor => ({
  userId: `u-${role}`,
  username: role,
  displayName: role,
  roles: [{ membershipId: 'm', role, organizationId, organizationType: role === 'bureau_admin' ? 'bureau' : 'host_association' }],
  isDemo: false,
  mustChangePassword: false,
  via: 'session',
});
const bureau = actor('bureau_admin', 'bureau');
const host = actor('workstation_admin', 'host-1');
const stranger = actor('workstation_admin', 'host-2');
const rec: FilingRecord = { workstationId: 'ws-1', hostId: 'host-1', hostFoundedOn: '2020-05-01', missing: [] };
const today = '2026-03-02';

const step = (state: FilingState, action: string, who: Actor, r = rec, reason?: string) =>
  decide(filingWorkflow, state, action, who, r, { reason, today }).to;
const fails = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return `${(e as AppError).code}${(e as AppError).options.messageKey ? ':' + (e as AppError).options.messageKey : ''}`;
  }
};

describe('workstation filing lifecycle', () => {
  it('walks every legal transition', () => {
    expect(step('draft', 'submit', host)).toBe('submitted');
    expect(step('needs_correction', 'submit', host)).toBe('submitted');
    expect(step('submitted', 'begin_check', bureau)).toBe('formal_check');
    expect(step('submitted', 'request_correction', bureau, rec, '缺少场地证明')).toBe('needs_correction');
    expect(step('formal_check', 'request_correction', bureau, rec, '缺少场地证明')).toBe('needs_correction');
    expect(step('under_review', 'request_correction', bureau, rec, '补充经费说明')).toBe('needs_correction');
    expect(step('formal_check', 'pass_check', bureau)).toBe('under_review');
    expect(step('under_review', 'approve', bureau)).toBe('active');
    expect(step('draft', 'register_by_bureau', bureau, rec, '既有工作站')).toBe('active');
    expect(step('active', 'suspend', bureau, rec, '评价不合格')).toBe('suspended');
    expect(step('suspended', 'reinstate', bureau, rec, '整改完成')).toBe('active');
    expect(step('active', 'revoke', bureau, rec, '连续不合格')).toBe('revoked');
    expect(step('suspended', 'revoke', bureau, rec, '逾期未整改')).toBe('revoked');
    for (const s of ['draft', 'submitted', 'formal_check', 'needs_correction', 'under_review', 'active'] as const) {
      expect(step(s, 'withdraw', host, rec, '主动撤回')).toBe('withdrawn');
    }
  });

  it('refuses illegal steps', () => {
    expect(fails(() => step('draft', 'approve', bureau))).toBe('INVALID_TRANSITION');
    expect(fails(() => step('revoked', 'reinstate', bureau, rec, 'x'))).toBe('INVALID_TRANSITION');
    expect(fails(() => step('withdrawn', 'submit', host))).toBe('INVALID_TRANSITION');
    expect(fails(() => step('active', 'submit', host))).toBe('INVALID_TRANSITION');
  });

  it('lets only the right people take each step', () => {
    expect(fails(() => step('draft', 'submit', stranger))).toBe('FORBIDDEN');
    expect(fails(() => step('draft', 'submit', bureau))).toBe('FORBIDDEN');
    expect(fails(() => step('submitted', 'begin_check', host))).toBe('FORBIDDEN');
    expect(fails(() => step('active', 'withdraw', stranger, rec, 'x'))).toBe('FORBIDDEN');
  });

  it('needs a reason the host can read for corrections, suspensions and revocations', () => {
    expect(fails(() => step('formal_check', 'request_correction', bureau))).toBe('VALIDATION:REASON_REQUIRED');
    expect(fails(() => step('active', 'suspend', bureau, rec, ' '))).toBe('VALIDATION:REASON_REQUIRED');
  });

  it('refuses submission while the host is less than one year old or the filing is incomplete', () => {
    expect(fails(() => step('draft', 'submit', host, { ...rec, hostFoundedOn: '2025-03-03' }))).toBe('VALIDATION:HOST_TOO_YOUNG');
    expect(step('draft', 'submit', host, { ...rec, hostFoundedOn: '2025-03-02' })).toBe('submitted');
    expect(fails(() => step('draft', 'submit', host, { ...rec, hostFoundedOn: null }))).toBe('VALIDATION:HOST_TOO_YOUNG');
    expect(fails(() => step('draft', 'submit', host, { ...rec, missing: ['clusters'] }))).toBe('VALIDATION:FILING_INCOMPLETE');
  });

  it('counts a year from 29 February to 28 February', () => {
    expect(hostOldEnough('2024-02-29', '2025-02-28')).toBe(true);
    expect(hostOldEnough('2024-02-29', '2025-02-27')).toBe(false);
  });
});
