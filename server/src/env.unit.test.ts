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
  it('reads case time limits as type.clock=amount and refuses anything else, naming the part', () => {
    expect(parseEnv({}).IPSTATION_CASE_LIMITS).toEqual({});
    expect(parseEnv({ IPSTATION_CASE_LIMITS: 'consultation.answer=7, retrieval.deliver=15' }).IPSTATION_CASE_LIMITS).toEqual({ 'consultation.answer': 7, 'retrieval.deliver': 15 });
    for (const bad of ['answer=7', 'consultation.answer=0', 'consultation.answer=seven']) {
      expect(() => parseEnv({ IPSTATION_CASE_LIMITS: bad })).toThrow(/IPSTATION_CASE_LIMITS/);
    }
  });
  it('reads the embedded database\'s buffer pool as "auto" or megabytes from 16 to 1024, naming the variable otherwise', () => {
    expect(parseEnv({}).IPSTATION_PGLITE_BUFFERS_MB).toBe('auto');
    expect(parseEnv({ IPSTATION_PGLITE_BUFFERS_MB: 'auto' }).IPSTATION_PGLITE_BUFFERS_MB).toBe('auto');
    expect(parseEnv({ IPSTATION_PGLITE_BUFFERS_MB: '512' }).IPSTATION_PGLITE_BUFFERS_MB).toBe(512);
    for (const bad of ['8', '2048', '1.5', 'lots']) {
      expect(() => parseEnv({ IPSTATION_PGLITE_BUFFERS_MB: bad })).toThrow(/IPSTATION_PGLITE_BUFFERS_MB/);
    }
  });
  it('refuses production mode on the embedded database, and allows it on a PostgreSQL server', () => {
    expect(() => assertServerDurability(parseEnv({ NODE_ENV: 'production' }))).toThrow(/DATABASE_URL/);
    expect(() => assertServerDurability(parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/ipstation' }))).not.toThrow();
    expect(() => assertServerDurability(parseEnv({}))).not.toThrow();
  });
});
