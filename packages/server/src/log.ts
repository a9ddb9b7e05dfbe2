/**
 * Structured logs: one JSON object per line. Only what is passed in the fields is written;
 * `redact` removes what must never reach a log even by mistake — card numbers, health
 * answers, secret keys, client secrets and webhook secrets.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Any run of 13 or more digits (spaces or dashes between), wherever it stands:
 * "x4242424242424242" is a card number too, and a word boundary would not see it; a card
 * glued to more digits is still a card. A UUID (request IDs, idempotency keys) is 8-4-4-4-12
 * hex, which no card's grouping is, but its digit-only groups can run to 13 digits with their
 * dashes ("…-1234-5678-901234567890"): one with a letter in it is kept whole. A UUID of
 * digits only stays masked, on the safe side.
 */
const UUID_OR_CARD = /(?<![0-9a-f-])[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}(?![0-9a-f-])|(?:\d[ -]?){12,}\d/gi;
const maskCards = (text: string): string => text.replace(UUID_OR_CARD, (found) => (/[a-f]/i.test(found) ? found : '[card number]'));

const SECRET_PATTERNS: [RegExp, string][] = [
  [/fsk_[A-Za-z0-9_]+/g, 'fsk_[redacted]'],
  // Standard Webhooks secrets (`whsec_`) and Flex's (`fwhsec_`), with whatever is glued before.
  [/(f?whsec_)[A-Za-z0-9+/=_-]+/g, '$1[redacted]'],
  [/(_secret_)[A-Za-z0-9_-]+/g, '$1[redacted]'],
];
const SENSITIVE_KEYS = /^(answers?|authorization|card|number|cvc|api_?key|secret|client_secret|password|payment_method_data|webhook_?secret)$/i;
/** Deeper than this, a value is replaced whole: never written as it was, never a stack overflow. */
const MAX_DEPTH = 32;

/** A copy of `value` with secrets and sensitive fields masked, at any depth. */
export function redact(value: unknown): unknown {
  return redactAt(value, 0, new WeakSet());
}

function redactAt(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return SECRET_PATTERNS.reduce((s, [re, by]) => s.replace(re, by), maskCards(value));
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redactAt(v, depth + 1, seen));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SENSITIVE_KEYS.test(k) ? '[redacted]' : redactAt(v, depth + 1, seen)]));
  } finally {
    // Only the path from the root counts as a loop: the same object twice side by side is not.
    seen.delete(value);
  }
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit =
    (level: string) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: redact(msg), ...(redact(fields) as object) }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** For tests and for merchants who bring their own logging. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
