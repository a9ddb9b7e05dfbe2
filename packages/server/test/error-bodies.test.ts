import { describe, expect, it } from 'vitest';
import { LETTER_REQUIRED_ERROR } from '@flex-checkout/protocol';
import {
  AuthenticationError,
  ConflictError,
  errorFromAnswer,
  FlexApiError,
  IdempotencyError,
  LetterRequiredError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '../src/client/index.js';

/**
 * Every error body Flex's documentation shows, read into the typed errors (issue 13): the API
 * reference's `{"error":{"code","message"}}`, the guides' `{"detail":[…]}`, and `{"detail":"…"}`.
 */
describe('errorFromAnswer', () => {
  it("reads the API reference's {error:{code,message}}", () => {
    const error = errorFromAnswer(404, { error: { code: 'resource_missing', message: 'No such checkout session' } });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.message).toContain('No such checkout session');
  });

  it('reads {detail:"…"}, a bare message, as one entry', () => {
    const error = errorFromAnswer(401, { detail: 'Invalid API key' });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.detail).toEqual([expect.objectContaining({ msg: 'Invalid API key' })]);
    expect(error.message).toBe('Invalid API key');
    expect(errorFromAnswer(422, { detail: 'quantity must be at least 1' })).toBeInstanceOf(ValidationError);
  });

  it("reads the guides' {detail:[…]}, keeping every entry, and tells the letter check from other 422s", () => {
    const detail = [
      { loc: ['body', 'name'], msg: 'Field required', type: 'missing' },
      { loc: ['body', 'gtin'], msg: 'Not a GTIN', type: 'value_error' },
    ];
    const invalid = errorFromAnswer(422, { detail });
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.detail).toEqual(detail);
    expect(invalid.message).toBe('Field required (body.name); Not a GTIN (body.gtin)');
    // Flex's LoMN answer, exactly as its guide shows it: a 422 of its own kind.
    expect(errorFromAnswer(422, LETTER_REQUIRED_ERROR)).toBeInstanceOf(LetterRequiredError);
    expect(errorFromAnswer(422, { detail: [{ ...LETTER_REQUIRED_ERROR.detail[0]!, msg: 'Something else' }] })).not.toBeInstanceOf(LetterRequiredError);
  });

  it('chooses by status and detail: 409 idempotency or conflict, 429 with its Retry-After', () => {
    expect(errorFromAnswer(409, { detail: [{ loc: ['header', 'idempotency-key'], msg: 'reused', type: 'idempotency_error' }] })).toBeInstanceOf(
      IdempotencyError,
    );
    expect(errorFromAnswer(409, { error: { code: 'conflict', message: 'Session is complete' } })).toBeInstanceOf(ConflictError);
    const limited = errorFromAnswer(429, { error: { code: 'rate_limited', message: 'Slow down' } }, new Headers({ 'retry-after': '7' }));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfter).toBe(7);
  });

  it('an answer it cannot read is a FlexApiError (502 for a 4xx), never a guess', () => {
    for (const body of [null, 'Bad Gateway', { message: 'no shape' }, { error: 'just text' }, { detail: 42 }]) {
      const error = errorFromAnswer(400, body);
      expect(error, JSON.stringify(body)).toBeInstanceOf(FlexApiError);
      expect(error.status).toBe(502);
    }
    expect(errorFromAnswer(503, '<html>').status).toBe(503);
  });
});
