import { LIMITS } from '#contracts';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The deepest nesting of objects and arrays in a JSON text, read from its bytes without parsing it: a body of a few
 * kilobytes of `[[[[…` parsed fine but overflowed the stack of everything that walks it afterwards (validation,
 * class-transformer), a 500 on every JSON endpoint. Brackets inside strings do not count.
 */
export function jsonDepth(body: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) inString = true;
    else if (b === OPEN_OBJECT || b === OPEN_ARRAY) max = Math.max(max, ++depth);
    else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) depth--;
  }
  return max;
}

/** For body-parser's `verify`: refuses a body nested deeper than LIMITS.jsonDepth before it is parsed. */
export function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (jsonDepth(body) > LIMITS.jsonDepth) {
    // Shaped as body-parser's own errors (status, type), so the filter answers it as the other body errors: a 400.
    throw Object.assign(new Error('request body nests too deep'), { status: 400, statusCode: 400, expose: true, type: 'entity.too.deep' });
  }
}
