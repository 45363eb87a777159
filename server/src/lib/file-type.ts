/**
 * The type of an uploaded file, judged by its first bytes, never by its name. Only the kinds a
 * workstation files as evidence are accepted.
 */
const SIGNATURES: { type: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', ext: 'pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  // Office Open XML (docx/xlsx) is a ZIP; the caller decides which by its own rules.
  { type: 'application/zip', ext: 'zip', test: (b) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 },
];

export function sniffFileType(data: Buffer): { type: string; ext: string } | null {
  const hit = SIGNATURES.find((s) => data.length >= 8 && s.test(data));
  return hit ? { type: hit.type, ext: hit.ext } : null;
}
