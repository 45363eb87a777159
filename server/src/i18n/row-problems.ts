import { translate, type Locale } from './messages';

/**
 * Why an imported row was refused, kept as message keys so each reader sees it in their own
 * language: the uploader's (Accept-Language of the upload) on the job's result, the CLI's
 * (CLI_LOCALE) on a terminal.
 * Every record import (patents, trademarks) reports its refused rows through here.
 */

/** One problem of a row: the field (null: the whole line), an i18n key and its parameters. */
export interface RowProblem {
  field: string | null;
  key: string;
  params?: Record<string, string | number>;
}

/** A refused row: its line (or sheet row) and every problem with it. */
export interface RefusedRow {
  line: number;
  problems: RowProblem[];
}

/** A field as the reader knows it (`名称（title）`); a field of no label (unknown columns) as given. */
function fieldLabel(locale: Locale, field: string): string {
  const key = `field.${field}`;
  const label = translate(locale, key);
  return label === key ? field : label;
}

/** Refused rows in a reader's language: `{ line, problems: [{ field, label, message }] }`. */
export function presentRefusedRows(rows: RefusedRow[], locale: Locale) {
  return rows.map((r) => ({
    line: r.line,
    problems: r.problems.map((p) => ({ field: p.field, label: p.field ? fieldLabel(locale, p.field) : null, message: translate(locale, p.key, p.params) })),
  }));
}

/** One line of text per problem (`第 3 行，title：必填`), for a terminal. */
export function refusedRowLines(rows: RefusedRow[], locale: Locale): string[] {
  return presentRefusedRows(rows, locale).flatMap((r) =>
    r.problems.map((p) => translate(locale, p.label ? 'import.row_field' : 'import.row', { line: r.line, field: p.label ?? '', message: p.message })),
  );
}

/**
 * Why an import stopped part-way, for the person who uploaded the file (what the reader or the
 * database said goes to the log, not to them): `line` the last line read, null while writing;
 * `progress` the import's progress line (its counts).
 */
export function stoppedMessage(locale: Locale, line: number | null, progress: string): string {
  if (line === null) return translate(locale, 'import.stopped_writing', { progress });
  return translate(locale, line === 0 ? 'import.unreadable' : 'import.unreadable_after', { line, progress });
}
