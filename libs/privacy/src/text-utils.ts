/** Small character helpers shared by the finders (internal). */

const WORD_CHAR = /[\p{L}\p{N}_]/u;

export function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

export function isWordChar(c: string | undefined): boolean {
  return c !== undefined && WORD_CHAR.test(c);
}

/**
 * Replaces the given spans with `x` (same length, so offsets stay valid), so that later
 * finders neither report them again nor treat their digits as part of a number.
 */
export function maskSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const { start, end } of sorted) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    out += text.slice(pos, from) + 'x'.repeat(end - from);
    pos = end;
  }
  return out + text.slice(pos);
}
