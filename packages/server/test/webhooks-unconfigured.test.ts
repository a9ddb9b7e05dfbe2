import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer } from '../../../test/support/flex-server.js';

/**
 * A server given `onEvent` but no `webhookSecret` (the secret Flex gives when the webhook is
 * registered): it cannot verify a delivery, so it says so at startup and answers each one 503
 * in the one error shape, which Flex retries, instead of a bare 404 that loses it.
 */
describeEachDatabase('webhooks without a webhookSecret', (kind) => {
  const handled: unknown[] = [];
  const server = useFlexServer(kind, 'embedded', { onEvent: (event) => void handled.push(event) });

  it('warns at startup and answers deliveries 503, saying what to set; nothing is handed over', async () => {
    expect(server.logs.map((line) => JSON.parse(line) as { msg: string; path?: string })).toContainEqual({
      msg: 'onEvent is set but webhookSecret is not: deliveries are refused (503) until it is set',
      path: '/flex/webhooks',
    });
    const body = JSON.stringify({ event_id: 'fevt_1', event_type: 'checkout.session.completed', event_dt: 1_764_800_000, object: {} });
    const answer = await server.call('POST', '/flex/webhooks', { body, key: null });
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({
      detail: [
        {
          loc: ['server', 'webhookSecret'],
          msg: 'This server has no webhookSecret, so it cannot verify deliveries: set it to the secret Flex gave for this webhook',
          type: 'service_unavailable',
        },
      ],
    });
    expect(handled).toEqual([]);
  });
});
