import { Hono } from 'hono';
import { z } from 'zod';
import { runDueWork } from '../billing/due.js';
import { advanceClock, lockClock, sandboxNow, toIso, wallClockMs } from '../clock.js';
import { ApiError, invalid } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** How far one call may move the clock. */
export const MAX_MOVE_MS = 10 * YEAR_MS;
/**
 * How far ahead of real time the clock may ever be. Far enough for any billing scenario;
 * near enough that every time the sandbox writes stays a valid date, ISO string and ULID
 * (ULIDs end in the year 10889; a date past 9999 is no longer plain ISO 8601).
 */
export const MAX_AHEAD_MS = 100 * YEAR_MS;

export const AdvanceTime = z.strictObject({
  /** Seconds to move forward (at most 10 years: checked below, as a 400). */
  seconds: z.number().optional(),
  /** Or a target time: Unix seconds, which must not be in the past. */
  to: z.number().optional(),
});

const outOfRange = (loc: (string | number)[], msg: string) => ApiError.one(400, loc, msg, 'out_of_range');

const clockView = (now: number) => ({ now: Math.floor(now / 1000), now_iso: toIso(now) });

/**
 * Test helpers that only a sandbox has: reading and moving its clock.
 *
 * Moving the clock lives through the time in between, in order: every subscription period
 * that ends renews (or ends), every scheduled invoice retry runs, every open checkout
 * session that passes its `expires_at` expires — each at its own moment, so a renewal
 * checks the letter as of its own day. All in this request's transaction: if any of it
 * fails, the clock has not moved either.
 */
export const testHelperRoutes = new Hono<SandboxEnv>()
  .get('/clock', (c) => c.json({ test_clock: clockView(c.var.now) }))
  .post('/advance_time', async (c) => {
    const body = await parseBody(c, AdvanceTime);
    if ((body.seconds === undefined) === (body.to === undefined)) {
      throw invalid(['body'], 'Give seconds (to move forward by) or to (a Unix time to move to), not both');
    }
    const { db } = c.var;
    const dialect = c.var.store.dialect;
    // One move of the clock at a time, in every process: the second waits and starts from
    // where the first left it.
    await lockClock(db, dialect);
    const from = await sandboxNow(db);
    const target = body.seconds !== undefined ? from + body.seconds * 1000 : body.to! * 1000;
    const loc = body.seconds !== undefined ? ['body', 'seconds'] : ['body', 'to'];
    if (!Number.isInteger(body.seconds ?? body.to)) throw invalid(loc, 'Give whole seconds');
    if (target <= from && body.seconds !== undefined) throw invalid(loc, 'Give a number of seconds greater than 0');
    if (target < from) throw invalid(loc, 'The sandbox clock only moves forward');
    // Past the horizon is a request the sandbox cannot carry out at all (review finding 7):
    // a 400, before any due work runs; the transaction rolls back, so the clock and later writes are unharmed.
    if (target > from + MAX_MOVE_MS) throw outOfRange(loc, 'The sandbox clock moves at most 10 years in one call');
    if (target > wallClockMs() + MAX_AHEAD_MS) throw outOfRange(loc, 'The sandbox clock cannot go more than 100 years past real time');
    const ran = await runDueWork({ db, dialect }, target);
    const now = await advanceClock(db, target - from);
    return c.json({ test_clock: { ...clockView(now), ran } });
  });
