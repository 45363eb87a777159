import { describe, expect, it } from 'vitest';
import { hashPassword, isStrongPassword, useCheapHashing, verifyPassword } from './password';

describe('password policy', () => {
  it('needs 10 characters of at least three kinds', () => {
    expect(isStrongPassword('Abcdefgh1!')).toBe(true);
    expect(isStrongPassword('abcdefgh12')).toBe(false); // two kinds
    expect(isStrongPassword('Abcdefg1')).toBe(false); // too short
    expect(isStrongPassword('abcdefgh1!')).toBe(true); // lower, digit, symbol
    expect(isStrongPassword('ABCDEFGHIJ')).toBe(false);
  });

  it('hashes with argon2id and verifies', async () => {
    useCheapHashing();
    const h = await hashPassword('Abcdefgh1!');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'Abcdefgh1!')).toBe(true);
    expect(await verifyPassword(h, 'Abcdefgh1?')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});
