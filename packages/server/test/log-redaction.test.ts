import { describe, expect, it } from 'vitest';
import { jsonLogger, redact } from '@flex-checkout/server';

/** Nests `value` `depth` objects deep: { a: { a: … value } }. */
function nested(depth: number, value: unknown): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = { a: out };
  return out;
}

/**
 * Review finding 8 (issue 15): the log redaction missed Flex's `fwhsec_…` webhook secrets,
 * card numbers run into letters (`x4242424242424242`), and returned anything nested deeper
 * than six levels as it was.
 */
describe('finding 8: log redaction', () => {
  it('masks fwhsec_ webhook secrets, as it does whsec_ ones', () => {
    const secret = 'fwhsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(redact(`verifying with ${secret}`)).toBe('verifying with fwhsec_[redacted]');
    expect(redact('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe('whsec_[redacted]');
  });

  it('masks a card number run into letters or other text', () => {
    for (const text of ['x4242424242424242', 'card4242424242424242y', 'n=4000002500003155&', '_4242 4242 4242 4242_', '42424242424242421234']) {
      const out = redact(text) as string;
      expect(out, text).not.toMatch(/\d{12}/);
      expect(out.replace(/\D/g, ''), text).not.toContain('42424242');
      expect(out).toContain('[card number]');
    }
    // Short numbers are not cards: amounts, counts, timestamps in seconds stay readable.
    expect(redact('amount 12900 at 1767225600')).toBe('amount 12900 at 1767225600');
  });

  it('keeps request IDs and idempotency keys (UUIDs) whole, even where their digits run on', () => {
    // Each of these has digit-only groups that run to 13 or more digits with their dashes.
    for (const id of ['3f2a1b4c-1234-4567-8901-234567890123', '1234abcd-5678-4901-8234-567890123456', '8D3C4E21-0987-4654-9321-000011112222']) {
      expect(redact(`request ${id} failed`), id).toBe(`request ${id} failed`);
      expect(redact({ request_id: id }), id).toEqual({ request_id: id });
    }
    // A card beside a UUID is still masked, and a UUID of digits alone is not trusted.
    expect(redact('3f2a1b4c-1234-4567-8901-234567890123 4242424242424242')).toBe('3f2a1b4c-1234-4567-8901-234567890123 [card number]');
    expect(redact('12345678-1234-4567-8901-234567890123')).toBe('[card number]');
    expect(redact('x4242-4242-4242-4242y')).toBe('x[card number]y');
  });

  it('masks values at any depth, and never returns a deep value as it was', () => {
    for (const depth of [7, 8, 20, 100, 1000]) {
      const out = JSON.stringify(redact(nested(depth, { note: 'fsk_live_abc123', card: '4242424242424242', answers: ['yes'] })));
      expect(out, `depth ${depth}`).not.toContain('fsk_live_abc123');
      expect(out, `depth ${depth}`).not.toContain('4242424242424242');
      expect(out, `depth ${depth}`).not.toContain('yes');
    }
    const deepString = JSON.stringify(redact(nested(12, 'whsec_abcdef')));
    expect(deepString).toContain('whsec_[redacted]');
  });

  it('survives a value that refers to itself', () => {
    const loop: Record<string, unknown> = { secret: 'x', note: 'fwhsec_zzz' };
    loop.self = loop;
    const out = JSON.stringify(redact(loop));
    expect(out).not.toContain('fwhsec_zzz');
    expect(out).not.toContain('"x"');
  });

  it('the JSON logger writes none of it', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line));
    logger.error('failed for x4242424242424242', { deep: nested(10, { secret: 'fwhsec_abc', text: 'fwhsec_def' }) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/4242424242424242|fwhsec_abc|fwhsec_def/);
  });
});
