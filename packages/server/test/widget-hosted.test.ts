import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { HostedSession, WidgetAnswers } from '@flex-checkout/protocol';
import { createFlexCheckout, silentLogger } from '@flex-checkout/server';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useFlexServer, type SandboxProfile, type UpstreamMode } from '../../../test/support/flex-server.js';
import { CARDS, createPrice, payOnHostedPage } from '../../../test/support/checkout.js';

/**
 * The hosted checkout through the companion server: against the flex profile (Flex as its
 * docs show it, where hosted is the only checkout) and against the default profile with
 * `checkout: 'hosted'`. The server mints the client secret, wraps the session's return URLs,
 * and answers the element from what it reads with the secret key.
 */
const cases: { profile: SandboxProfile; mode: UpstreamMode; extra: { checkout?: 'hosted' } }[] = [
  { profile: 'flex', mode: 'embedded', extra: {} },
  { profile: 'flex', mode: 'http', extra: {} },
  { profile: 'default', mode: 'http', extra: { checkout: 'hosted' } },
];

for (const { profile, mode, extra } of cases) {
  describeEachDatabase(`hosted widget routes, ${profile} profile, upstream ${mode}${extra.checkout ? ', checkout: hosted' : ''}`, (kind) => {
    const server = useFlexServer(kind, mode, extra, profile);
    let price: string;
    beforeAll(async () => {
      price = (await createPrice(server.sandbox, { visit_type: 'gym' }, { unit_amount: 12900 })).price_id;
    });

    const create = () =>
      server.flex.client.checkoutSessions.create({
        line_items: [{ price, quantity: 1 }],
        setup_future_use: 'off_session',
        success_url: 'http://shop.test/thanks/{CHECKOUT_SESSION_ID}',
        cancel_url: 'http://shop.test/cart',
      });
    const view = (id: string, secret: string | null) => server.call('GET', `/flex/sessions/${id}`, { key: secret });

    it('mints a client secret, keeps the merchant URLs in answers, and sends Flex its return pages', async () => {
      const session = await create();
      expect(session.client_secret).toMatch(new RegExp(`^${session.checkout_session_id}_secret_fch\\d+_[A-Za-z0-9_-]{43}$`));
      expect(session.success_url).toBe('http://shop.test/thanks/{CHECKOUT_SESSION_ID}');
      expect(session.cancel_url).toBe('http://shop.test/cart');
      // The same secret on every read: it is a function of the session, not a stored value.
      expect((await server.flex.client.checkoutSessions.retrieve(session.checkout_session_id)).client_secret).toBe(session.client_secret);
      // What the upstream holds: the server's return pages, the merchant's URL signed inside.
      const upstream = (await server.sandbox('GET', `/v1/checkout/sessions/${session.checkout_session_id}`)).body.checkout_session;
      expect(upstream.success_url).toMatch(
        /^http:\/\/shop\.test\/flex\/return\/success\/\{CHECKOUT_SESSION_ID\}\?to=http%3A%2F%2Fshop\.test%2Fthanks%2F%7BCHECKOUT_SESSION_ID%7D&sig=/,
      );
      expect(upstream.cancel_url).toMatch(/^http:\/\/shop\.test\/flex\/return\/cancel\?to=/);
    });

    it('answers the element the hosted view, read with the secret key; a wrong secret and an unknown session alike', async () => {
      const session = await create();
      const answer = await view(session.checkout_session_id, session.client_secret);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const hosted = HostedSession.parse(answer.body.checkout_session);
      expect(hosted).toMatchObject({
        checkout: 'hosted',
        status: 'open',
        amount_total: 12900,
        currency: 'usd',
        letter_of_medical_necessity_required: true,
        // Flex's session does not carry setup_future_use (only its create body does): unknown until
        // paid. The sandbox's default profile says it.
        setup_future_use: profile === 'flex' ? null : 'off_session',
        redirect_url: expect.stringMatching(new RegExp(`^http://(shop\\.test|127\\.0\\.0\\.1:\\d+)/pay/c/${session.checkout_session_id}$`)),
        success_url: 'http://shop.test/thanks/{CHECKOUT_SESSION_ID}',
        line_items: [{ name: 'Product gym', quantity: 1, amount_total: 12900, hsa_fsa_eligibility: 'letter_of_medical_necessity' }],
        completion: null,
      });

      const forged = await view(
        session.checkout_session_id,
        session.client_secret!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      );
      const unknownId = 'fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV';
      const unknown = await view(unknownId, `${unknownId}_secret_fch1999999999_${'A'.repeat(43)}`);
      const foreign = await view(session.checkout_session_id, `${session.checkout_session_id}_secret_notminted123`);
      for (const refused of [forged, unknown, foreign]) {
        expect(refused.status).toBe(401);
        expect(refused.body).toEqual(forged.body);
      }
      // The in-page steps have no place in a hosted session.
      const details = await server.call('POST', `/flex/sessions/${session.checkout_session_id}/details`, {
        key: session.client_secret,
        body: { email: 'sam@example.com', first_name: 'Sam', last_name: 'Lee' },
      });
      expect(details.status).toBe(409);
    });

    it('reports completion from the upstream once the shopper paid on the hosted page', async () => {
      const session = await create();
      const status = () => server.call('GET', `/flex/sessions/${session.checkout_session_id}/status`, { key: session.client_secret });
      expect((await status()).body).toEqual({ status: 'open', payment_intent: null, completion: null });

      const paid = await payOnHostedPage(server.page, server.sandbox, session, { card: CARDS.visa, email: 'hosted@example.com' });
      // The hosted page sends the shopper to the success URL it was given: the server's return page.
      expect(paid.status).toBe(303);
      expect(paid.headers.get('location')).toMatch(new RegExp(`^http://shop\\.test/flex/return/success/${session.checkout_session_id}\\?to=`));

      expect(WidgetAnswers.status.parse((await status()).body).status).toBe('complete');
      const done = HostedSession.parse((await view(session.checkout_session_id, session.client_secret)).body.checkout_session);
      expect(done).toMatchObject({
        status: 'complete',
        redirect_url: null,
        // The saved card's off_session says the card was kept for later charges.
        setup_future_use: 'off_session',
        completion: {
          customer: expect.stringMatching(/^fcus_/),
          payment_method: expect.stringMatching(/^fpm_/),
          payment_intent: expect.stringMatching(/^fpi_/),
          card: { brand: 'visa', last4: '4242' },
          amount_received: 12900,
        },
      });

      // The return page: a top-level visit goes on to the merchant's URL; in a frame it tells the element.
      const location = paid.headers.get('location')!.replace('http://shop.test', '');
      const top = await server.flex.app.request(`http://shop.test${location}`, { headers: { 'sec-fetch-dest': 'document' } });
      expect(top.status).toBe(303);
      expect(top.headers.get('location')).toBe(`http://shop.test/thanks/${session.checkout_session_id}`);
      const framed = await server.flex.app.request(`http://shop.test${location}`, { headers: { 'sec-fetch-dest': 'iframe' } });
      expect(framed.status).toBe(200);
      expect(await framed.text()).toContain(`data-session="${session.checkout_session_id}"`);
      expect(framed.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(framed.headers.get('x-frame-options')).toBeNull();
      const tampered = await server.flex.app.request(`http://shop.test${location.replace('thanks', 'evil')}`, { headers: { 'sec-fetch-dest': 'document' } });
      expect(tampered.status).toBe(400);
    });
  });
}

describeEachDatabase('hosted sessions across two server instances on one database', (kind) => {
  const first = useFlexServer(kind, 'http', {}, 'flex');
  it('a client secret one instance minted opens the session on the other (the key is kept in their database)', async () => {
    const price = (await createPrice(first.sandbox, { visit_type: 'gym' })).price_id;
    const session = await first.flex.client.checkoutSessions.create({ line_items: [{ price }] });
    const second = await createFlexCheckout({
      apiKey: 'fsk_test_sandbox',
      apiBase: first.flex.upstream.description,
      database: first.database.url,
      ...(first.database.schema ? { schema: first.database.schema } : {}),
      logger: silentLogger,
    });
    try {
      const res = await second.app.request(`http://shop.test/flex/sessions/${session.checkout_session_id}`, {
        headers: { authorization: `Bearer ${session.client_secret}` },
      });
      expect(res.status, await res.clone().text()).toBe(200);
      expect((await second.client.checkoutSessions.retrieve(session.checkout_session_id)).client_secret).toBe(session.client_secret);
    } finally {
      await second.close();
    }
  });
});

describe('the browser scripts served are the ones their sources compile to', () => {
  const compiled = (source: string) =>
    ts
      .transpileModule(readFileSync(new URL(source, import.meta.url), 'utf8'), {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false },
      })
      .outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  const served = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');

  it("the return page's script (npm run build compiles it; run it after changing the source)", () => {
    expect(served('../dist/widget/browser/return-page.js')).toBe(compiled('../src/widget/browser/return-page.ts'));
  });
  it("the sandbox's hosted page script", () => {
    expect(served('../../sandbox/dist/hosted/browser/hosted-page.js')).toBe(compiled('../../sandbox/src/hosted/browser/hosted-page.ts'));
  });
});

describe("checkout: 'in-page' against an upstream without the browser API (Flex as documented)", () => {
  const server = useFlexServer('sqlite', 'embedded', { checkout: 'in-page' }, 'flex');
  it('creating a session fails with an error that says what to change, and no widget route opens it', async () => {
    const price = (await createPrice(server.sandbox, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id;
    const error = await server.flex.client.checkoutSessions.create({ line_items: [{ price }] }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/checkout: 'in-page' needs an upstream with a browser API.*leave checkout unset, or set it to 'hosted'/);
    // What the upstream made is not opened in-page by any secret the browser could hold.
    const made = (await server.sandbox('GET', '/v1/checkout/sessions?limit=1')).body.checkout_sessions[0] as { checkout_session_id: string };
    const res = await server.call('GET', `/flex/sessions/${made.checkout_session_id}`, { key: `${made.checkout_session_id}_secret_guess` });
    expect(res.status).toBe(401);
  });
});
