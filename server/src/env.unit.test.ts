import { describe, expect, it } from 'vitest';
import { assertServerDurability, EnvError, parseEnv } from './env';

describe('env', () => {
  it('has defaults for everything', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('./data');
    expect(env.IPSTATION_LOGIN_RATE_PER_MIN).toBe(20);
    expect(env.IPSTATION_LOGIN_MAX_FAILURES).toBe(5);
    expect(env.DATABASE_URL).toBeUndefined();
  });
  it('lists every bad variable at once, each by name', () => {
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', IPSTATION_LOGIN_MAX_FAILURES: '0' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('IPSTATION_LOGIN_MAX_FAILURES');
    }
  });
  it('refuses production mode on the embedded database, and allows it on a PostgreSQL server', () => {
    expect(() => assertServerDurability(parseEnv({ NODE_ENV: 'production' }))).toThrow(/DATABASE_URL/);
    expect(() => assertServerDurability(parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/ipstation' }))).not.toThrow();
    expect(() => assertServerDurability(parseEnv({}))).not.toThrow();
  });
});
