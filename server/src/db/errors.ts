/**
 * The SQLSTATE of a database error, however deep the ORM wrapped it (drizzle wraps the driver's
 * error as `cause`). PGlite and node-postgres both carry it as `code`, and the violated
 * constraint's name as `constraint`.
 */
function pgErrorOf(err: unknown): { code: string; constraint?: string } | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as { code: string; constraint?: string };
  }
  return undefined;
}

export const sqlState = (err: unknown): string | undefined => pgErrorOf(err)?.code;

/** Whether the error is a unique violation (23505) of the named constraint or unique index. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = pgErrorOf(err);
  return e?.code === '23505' && e.constraint === constraint;
}
