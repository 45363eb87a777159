import { describe, expect, it } from 'vitest';
import { searchDates } from './patents.report';

describe('the report\'s search date', () => {
  it('is the Shanghai day its query strings were counted, or the first and the last', () => {
    expect(searchDates([])).toBe('');
    // 17:30 UTC is already the next day in Shenzhen.
    expect(searchDates([{ at: '2026-03-01T17:30:00Z' }, { at: '2026-03-02T01:00:00Z' }])).toBe('2026-03-02');
    expect(searchDates([{ at: '2026-03-05T02:00:00Z' }, { at: '2026-02-27T02:00:00Z' }, { at: '2026-03-01T02:00:00Z' }])).toBe('2026-02-27 至 2026-03-05');
  });
});
