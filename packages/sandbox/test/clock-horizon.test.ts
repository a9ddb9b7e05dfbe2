import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { expectError, ok } from '../../../test/support/factories.js';
import { useSandbox } from '../../../test/support/sandbox.js';

const YEAR_S = 365 * 24 * 60 * 60;

/**
 * Review finding 7 (issue 15): `advance_time` took any `to`. A huge one answered 500 (no
 * such date); a large one moved the clock past what IDs can hold, and every later write
 * failed. The clock now moves at most 10 years a call and never past 100 years from now.
 */
describeEachDatabase('finding 7: the test clock refuses times past its horizon', (kind) => {
  const sandbox = useSandbox(kind);
  const clock = async () => ok(await sandbox.call('GET', '/v1/test_helpers/clock')).test_clock.now as number;
  const advance = (body: unknown) => sandbox.call('POST', '/v1/test_helpers/advance_time', { body });

  it.each([
    ['11 years ahead', (now: number) => now + 11 * YEAR_S],
    ['the largest date there is, in seconds', () => 8.64e12],
    ['past what a ULID can hold', () => 2 ** 48],
    ['past the largest safe integer', () => 2 ** 60],
  ])('answers 400 in the error shape for a `to` %s, and the clock and later writes are as before', async (_, to) => {
    const before = await clock();
    const answer = await advance({ to: to(before) });
    expectError(answer, 400, ['body', 'to'], 'out_of_range', /10 years|100 years/);
    expect(await clock()).toBeLessThan(before + 60);
    ok(await sandbox.call('POST', '/v1/products', { body: { product: { name: 'After a refused move' } } }));
  });

  it('answers 400 for more than 10 years of seconds, and 422 for a move that is not whole seconds forward', async () => {
    expectError(await advance({ seconds: 10 * YEAR_S + 1 }), 400, ['body', 'seconds'], 'out_of_range', /10 years/);
    expectError(await advance({ seconds: 0 }), 422, ['body', 'seconds'], 'invalid_request_error', /greater than 0/);
    expectError(await advance({ seconds: 1.5 }), 422, ['body', 'seconds'], 'invalid_request_error', /whole seconds/);
    expectError(await advance({ seconds: 'soon' }), 400, ['body', 'seconds'], 'type_error', /number/);
  });

  it('moves to exactly 10 years ahead', async () => {
    const before = await clock();
    expect(ok(await advance({ to: before + 10 * YEAR_S })).test_clock.now).toBe(before + 10 * YEAR_S);
    ok(await sandbox.call('POST', '/v1/products', { body: { product: { name: 'Ten years on' } } }));
  });

  it('never moves past 100 years from now, however many calls it takes', async () => {
    // Eleven moves of ten years: at least the last goes past the century.
    for (let i = 0; i < 10; i++) expect([200, 400]).toContain((await advance({ seconds: 10 * YEAR_S })).status);
    const refused = await advance({ seconds: 10 * YEAR_S });
    expectError(refused, 400, ['body', 'seconds'], 'out_of_range', /100 years/);
    expect(await clock()).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 100 * YEAR_S + 60);
    ok(await sandbox.call('POST', '/v1/products', { body: { product: { name: 'A century on' } } }));
  });
});
