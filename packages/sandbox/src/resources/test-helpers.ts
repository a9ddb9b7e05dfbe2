import { Hono } from 'hono';
import { z } from 'zod';
import { advanceClock, toIso } from '../clock.js';
import { invalid } from '../http/errors.js';
import type { SandboxEnv } from '../http/env.js';
import { parseBody } from '../http/validate.js';

const AdvanceTime = z.strictObject({
  /** Seconds to move forward. */
  seconds: z.int().min(1).max(10 * 365 * 24 * 3600).optional(),
  /** Or a target time: Unix seconds, which must not be in the past. */
  to: z.int().optional(),
});

/** Test helpers that only a sandbox has: reading and moving its clock. */
export const testHelperRoutes = new Hono<SandboxEnv>()
  .get('/clock', (c) => c.json({ test_clock: { now: Math.floor(c.var.now / 1000), now_iso: toIso(c.var.now) } }))
  .post('/advance_time', async (c) => {
  const body = await parseBody(c, AdvanceTime);
  if ((body.seconds === undefined) === (body.to === undefined)) {
    throw invalid(['body'], 'Give seconds (to move forward by) or to (a Unix time to move to), not both');
  }
  const deltaMs = body.seconds !== undefined ? body.seconds * 1000 : body.to! * 1000 - c.var.now;
  if (deltaMs < 0) throw invalid(['body', 'to'], 'The sandbox clock only moves forward');
  const now = await advanceClock(c.var.db, deltaMs);
  return c.json({ test_clock: { now: Math.floor(now / 1000), now_iso: toIso(now) } });
});
