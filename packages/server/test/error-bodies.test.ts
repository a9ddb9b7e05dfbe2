import { afterEach, describe, expect, it } from 'vitest';
import { LETTER_REQUIRED_ERROR } from '@flex-checkout/protocol';
import {
  AuthenticationError,
  CardDeclinedError,
  ConflictError,
  errorFromAnswer,
  FlexApiError,
  IdempotencyError,
  LetterRequiredError,
  NotFoundError,
  RateLimitError,
  ValidationError,
  createFlexClient,
  type FlexClient,
} from '../src/client/index.js';
import { httpUpstream } from '../src/upstream.js';
import { failure } from './support/client-harness.js';
import { jsonAnswer, stubUpstream, type StubAnswer, type StubUpstream } from './support/stub-upstream.js';

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

  it('an error answer it cannot read keeps its status and its class, with a message naming the status', () => {
    for (const body of [undefined, null, 'Bad Request', { detail: 42 }, { error: 42 }]) {
      const error = errorFromAnswer(400, body);
      expect(error, JSON.stringify(body)).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' });
      expect(error.message).toContain('400');
    }
    // Whatever message it plainly holds is kept.
    expect(errorFromAnswer(400, { message: 'no shape' }).message).toBe('no shape');
    expect(errorFromAnswer(400, { error: 'just text' }).message).toBe('just text');
    expect(errorFromAnswer(403, { error: { message: 'Not for this key' } })).toMatchObject({ status: 403, message: 'Not for this key', type: 'api_error' });

    expect(errorFromAnswer(401, { message: 'x' })).toBeInstanceOf(AuthenticationError);
    expect(errorFromAnswer(401, { message: 'x' })).toMatchObject({ status: 401, message: 'x', type: 'authentication_error' });
    expect(errorFromAnswer(402, undefined)).toBeInstanceOf(CardDeclinedError);
    expect(errorFromAnswer(404, undefined)).toMatchObject({ status: 404, type: 'not_found', message: expect.stringContaining('404') });
    expect(errorFromAnswer(404, undefined)).toBeInstanceOf(NotFoundError);
    expect(errorFromAnswer(409, undefined)).toBeInstanceOf(ConflictError);
    expect(errorFromAnswer(422, undefined)).toBeInstanceOf(ValidationError);
    expect(errorFromAnswer(422, undefined)).not.toBeInstanceOf(LetterRequiredError);

    // A 429 promises no body: only headers saying when to retry.
    const limited = errorFromAnswer(429, undefined, new Headers({ 'retry-after': '2' }));
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, retryAfter: 2, type: 'rate_limit_error', message: 'Too many requests to Flex (429): try again in 2 seconds' });
    expect(errorFromAnswer(429, undefined)).toMatchObject({ retryAfter: null, message: 'Too many requests to Flex (429): try again later' });

    // A 5xx stays a FlexApiError of its own status; only a success that cannot be read is a 502.
    expect(errorFromAnswer(503, '<html>')).toMatchObject({ status: 503, type: 'api_error' });
    expect(errorFromAnswer(503, '<html>')).toBeInstanceOf(FlexApiError);
    expect(errorFromAnswer(200, undefined)).toMatchObject({ status: 502, type: 'api_error' });
    expect(errorFromAnswer(200, undefined)).toBeInstanceOf(FlexApiError);
  });
});

/**
 * The class comes from the HTTP status, whatever the body (flex-api.md §2: a 429 says when to
 * retry in its headers and promises no body), through the typed client over real HTTP.
 */
describe('error answers in no documented shape, from an upstream on loopback', () => {
  const stubs: StubUpstream[] = [];
  afterEach(async () => {
    while (stubs.length) await stubs.pop()!.close();
  });
  async function answering(reply: StubAnswer): Promise<{ upstream: StubUpstream; client: FlexClient }> {
    const upstream = await stubUpstream(() => reply);
    stubs.push(upstream);
    return { upstream, client: createFlexClient({ upstream: httpUpstream(upstream.url), apiKey: 'fsk_test_stub', retryDelayMs: 1 }) };
  }

  it('429 with Retry-After and an empty or non-JSON body: RateLimitError, retryAfter from the header, not retried', async () => {
    const replies: Exclude<StubAnswer, 'drop'>[] = [
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 429, headers: { 'retry-after': '2', 'content-type': 'text/plain' }, body: 'Too Many Requests' },
      { status: 429, headers: { 'retry-after': '2', 'content-type': 'text/html' }, body: '<html><body>slow down</body></html>' },
    ];
    for (const reply of replies) {
      const { upstream, client } = await answering(reply);
      const error = await failure(client.products.list());
      expect(error, reply.body ?? 'empty').toBeInstanceOf(RateLimitError);
      expect(error).toMatchObject({ status: 429, retryAfter: 2, type: 'rate_limit_error' });
      expect(error.message).toContain('429');
      expect(error.message).not.toContain('<html>');
      expect(upstream.requests).toHaveLength(1);
    }
  });

  it('404 with an HTML page: NotFoundError of 404, its message naming the status', async () => {
    const { client } = await answering({ status: 404, headers: { 'content-type': 'text/html' }, body: '<!doctype html><h1>Not Found</h1>' });
    const error = await failure(client.products.retrieve('fprod_01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, type: 'not_found', message: 'Flex found no such object or route (404)' });
  });

  it('401 with {"message":"x"}: AuthenticationError with that message', async () => {
    const { client } = await answering(jsonAnswer(401, { message: 'x' }));
    const error = await failure(client.products.list());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, type: 'authentication_error', message: 'x' });
  });

  it('400, 409 and 422 with no body keep their class and status', async () => {
    for (const [status, kind] of [
      [400, ValidationError],
      [409, ConflictError],
      [422, ValidationError],
    ] as const) {
      const { client } = await answering({ status });
      const error = await failure(client.products.create({ name: 'A' }));
      expect(error, String(status)).toBeInstanceOf(kind);
      expect(error.status).toBe(status);
      expect(error.message).toContain(String(status));
    }
  });

  it('our own error shape, {detail:[…]}, is still read entry by entry', async () => {
    const detail = [{ loc: ['body', 'product', 'name'], msg: 'Field required', type: 'missing' }];
    const { client } = await answering(jsonAnswer(422, { detail }));
    const error = await failure(client.products.create({ name: '' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 422, detail, message: 'Field required (body.product.name)' });
  });
});
