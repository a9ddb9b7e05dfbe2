import { describe, expect, it } from 'vitest';
import { HostedSession } from '@flex-checkout/protocol';
import { hostedViews } from '../src/checkout/hosted-view.js';

/**
 * Review finding 13 (issue 15), for the hosted checkout: Flex's session has no "amount due
 * now", and the element used to work it out itself (a trial made it $0 even with a one-time
 * line the hosted page charges). The companion server derives it once, in the hosted view,
 * by the rule the sandbox charges by; the element shows that number.
 */
describe('finding 13: the hosted view carries amount_due_now, derived once by the server', () => {
  /** A Flex-shaped upstream: the session without lines, its lines at GET …/line_items. */
  function upstream(mode: string, lines: unknown[], total: number) {
    return hostedViews((path) =>
      Promise.resolve(
        path.endsWith('/line_items')
          ? { line_items: lines }
          : {
              checkout_session: {
                checkout_session_id: 'fcs_due',
                status: 'open',
                mode,
                currency: 'usd',
                amount_total: total,
                redirect_url: 'https://checkout.test/pay',
              },
            },
      ),
    );
  }
  const trial = { description: 'Vitamin box', quantity: 1, amount_total: 2500, price: { recurring: { interval: 'month', trial_period_days: 14 } } };
  const monthly = { description: 'Coaching', quantity: 1, amount_total: 3000, price: { recurring: { interval: 'month' } } };
  const kit = { description: 'Starter kit', quantity: 1, amount_total: 1200 };
  const view = async (mode: string, lines: unknown[], total: number) =>
    HostedSession.parse(await upstream(mode, lines, total).view('fcs_due', 'http://shop.test', (u) => u)).amount_due_now;

  it('a subscription with a free trial and a one-time line: the one-time line', async () => {
    expect(await view('subscription', [trial, kit], 3700)).toBe(1200);
  });

  it('a trial alone: nothing; no trial: the total; a payment: the total; a setup: nothing', async () => {
    expect(await view('subscription', [trial], 2500)).toBe(0);
    expect(await view('subscription', [monthly, kit], 4200)).toBe(4200);
    expect(await view('payment', [kit], 1200)).toBe(1200);
    expect(await view('setup', [], 0)).toBe(0);
  });

  it("reads a trial on the price itself (Flex's price has trial_period_days beside recurring), not only in recurring", async () => {
    const topLevel = { description: 'Vitamin box', quantity: 1, amount_total: 2500, price: { trial_period_days: 14, recurring: { interval: 'month' } } };
    expect(await view('subscription', [topLevel, kit], 3700)).toBe(1200);
    const shown = HostedSession.parse(await upstream('subscription', [topLevel], 2500).view('fcs_due', 'http://shop.test', (u) => u));
    expect(shown.line_items[0]!.recurring).toEqual({ interval: 'monthly', interval_count: 1, trial_period_days: 14 });
    // A one-time price's trial days mean nothing: no recurring terms, the whole total now.
    expect(await view('payment', [{ ...kit, price: { trial_period_days: 14 } }], 1200)).toBe(1200);
  });
});
