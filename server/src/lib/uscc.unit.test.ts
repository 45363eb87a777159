import { describe, expect, it } from 'vitest';
import { isValidUscc, normalizeUscc, usccCheckChar } from './uscc';

describe('统一社会信用代码 check character (GB 32100-2015)', () => {
  it('computes the worked example of the standard: 91350100M000100Y4 → 3', () => {
    // Σ value·weight = 1640, 1640 mod 31 = 28, 31 − 28 = 3
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it('computes checks worked by hand', () => {
    // 9 1 4 4 0 3 0 0 M(21) A(10) 5 F(15) 3 K(19) 7 L(20) 2
    // Σ = 9·1+1·3+4·9+4·27+0·19+3·26+0·16+0·17+21·20+10·29+5·25+15·13+3·8+19·24+7·10+20·30+2·28 = 2470
    // 2470 mod 31 = 21 → 31 − 21 = 10 → 'A'
    expect(usccCheckChar('91440300MA5F3K7L2')).toBe('A');
    expect(isValidUscc('91440300MA5F3K7L2A')).toBe(true);
    // a remainder of 0 gives check value 0 (31 means 0)
    expect(usccCheckChar('00000000000000000')).toBe('0');
  });

  it('refuses a wrong check character, a wrong length and letters outside the alphabet', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91440300MA5F3K7L2B')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    // I, O, S, V, Z are not in the alphabet
    expect(isValidUscc('91350100I000100Y43')).toBe(false);
    expect(usccCheckChar('91350100O000100Y4')).toBeNull();
  });

  it('normalises case and spaces before checking', () => {
    expect(normalizeUscc(' 9135 0100m000100y43 ')).toBe('91350100M000100Y43');
    expect(normalizeUscc('91350100-M000100Y43')).toBe('91350100M000100Y43');
  });
});
