import { hash, verify } from '@node-rs/argon2';

// 2 = Argon2id in @node-rs/argon2's Algorithm enum (a const enum, not importable under isolatedModules).
const ARGON2ID = 2;

/**
 * argon2id. The production parameters follow the OWASP minimum (19 MiB, 2 passes); tests and
 * benchmarks set IPSTATION_ARGON2_CHEAP=1 through `useCheapHashing()` so suites stay fast.
 */
let params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function useCheapHashing() {
  params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
}

export const hashPassword = (plain: string) => hash(plain, { algorithm: ARGON2ID, ...params });

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

export { isStrongPassword } from '../../../shared/src/account.schemas';

/** A fixed hash to verify against for unknown usernames, so timing does not reveal which exist. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('dummy-Password-1'));
