import { describe, expect, it } from 'vitest';
import { createFlexClient } from '../src/index.js';
import { scriptedUpstream } from './support/scripted-upstream.js';

/**
 * Every create-session example in Flex's docs sends a mode and each line's quantity, and none
 * says either may be left out: the typed client writes them out instead of leaving them to
 * the upstream's defaults.
 */
describe('checkoutSessions.create: the documented body, defaults written out', () => {
  function recording() {
    const bodies: unknown[] = [];
    const upstream = scriptedUpstream((_path, init) => {
      bodies.push(JSON.parse(init.body as string));
      return Response.json({ checkout_session: { checkout_session_id: 'fcs_01kdefaults', status: 'open' } });
    });
    return { bodies, client: createFlexClient({ upstream, apiKey: 'fsk_test_docs' }) };
  }

  it("sends mode 'payment' and quantity 1 when the caller left them out, and the caller's own when given", async () => {
    const { bodies, client } = recording();
    await client.checkoutSessions.create({ line_items: [{ price: 'fprice_a' }, { price: 'fprice_b', quantity: 3 }] });
    await client.checkoutSessions.create({ mode: 'subscription', line_items: [{ price: 'fprice_c', quantity: 2 }] });
    expect(bodies).toEqual([
      {
        checkout_session: {
          mode: 'payment',
          line_items: [
            { price: 'fprice_a', quantity: 1 },
            { price: 'fprice_b', quantity: 3 },
          ],
        },
      },
      { checkout_session: { mode: 'subscription', line_items: [{ price: 'fprice_c', quantity: 2 }] } },
    ]);
  });
});
