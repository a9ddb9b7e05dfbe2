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

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(?:\d[ -]?){12,18}\d\b/g, '[card number]'],
  [/\bfsk_[A-Za-z0-9_]+/g, 'fsk_[redacted]'],
  [/\bwhsec_[A-Za-z0-9+/=_-]+/g, 'whsec_[redacted]'],
  [/(_secret_)[A-Za-z0-9_-]+/g, '$1[redacted]'],
];
const SENSITIVE_KEYS = /^(answers?|authorization|card|number|cvc|api_?key|secret|client_secret|password|payment_method_data)$/i;

/** A copy of `value` with secrets and sensitive fields masked. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return SECRET_PATTERNS.reduce((s, [re, by]) => s.replace(re, by), value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SENSITIVE_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1)]),
  );
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (level: string) => (msg: string, fields: Record<string, unknown> = {}) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg: redact(msg), ...(redact(fields) as object) }));
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** For tests and for merchants who bring their own logging. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
