import { describe, expect, it } from 'vitest';
import { CLUSTER_CODES_CURRENT, CLUSTER_VERSION_CURRENT, CLUSTER_VERSIONS } from '../../../../shared/src/clusters';
import registryZh from '../../i18n/features/registry.zh-CN.json';
import registryEn from '../../i18n/features/registry.en-US.json';
import { CLUSTER_CODES as LEDGER_CLUSTER_CODES } from '../ledger/clusters';
import { CLUSTER_CODES } from './reference';

describe('cluster codes in the web app', () => {
  it('are the current version of the list the API tags records with', () => {
    const current = [...CLUSTER_CODES_CURRENT].sort();
    expect([...CLUSTER_CODES].sort()).toEqual(current);
    expect([...LEDGER_CLUSTER_CODES].sort()).toEqual(current);
  });

  it('carry the reference names in Chinese and have an English name', () => {
    const zh = (registryZh as { cluster: Record<string, string> }).cluster;
    const en = (registryEn as { cluster: Record<string, string> }).cluster;
    for (const c of CLUSTER_VERSIONS[CLUSTER_VERSION_CURRENT]) {
      expect(zh[c.code]).toBe(c.name);
      expect(en[c.code]).toBeTruthy();
    }
  });
});
