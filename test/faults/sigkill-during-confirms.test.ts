import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { browserOf, CARDS, createPrice, createSession, tokenFor } from '../support/checkout.js';
import { describeEachDatabase } from '../support/databases.js';
import { createPostgresDatabase, startSandboxProcess, type RunningSandbox } from '../support/process.js';
import { caller } from '../support/sandbox.js';

const SESSIONS = 40;

describeEachDatabase('SIGKILL during a burst of confirms', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('leaves every session complete with exactly one succeeded payment, or open with none', async () => {
    let db: string;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'flex-kill-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      db = join(dir, 'sandbox.sqlite');
    } else {
      const created = await createPostgresDatabase(process.env.DATABASE_URL!);
      cleanups.push(created.drop);
      db = created.url;
    }

    let sandbox: RunningSandbox = await startSandboxProcess(db);
    cleanups.push(() => sandbox.kill());
    let call = caller((path, init) => fetch(sandbox.url + path, init));

    // Setup: sessions ready to pay, each with a fresh card token.
    const item = await createPrice(call, { hsa_fsa_eligibility: 'auto_substantiation', visit_type: null }, { unit_amount: 1000 });
    const ready: { session: any; token: string }[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const session = await createSession(call, { line_items: [{ price: item.price_id }] });
      await browserOf(call, session).details({ email: `kill${i}@example.com`, first_name: 'K', last_name: String(i) });
      ready.push({ session, token: await tokenFor(call, CARDS.visa) });
    }

    // The burst: every confirm at once; the process dies once a quarter have answered, with
    // the rest in flight (some mid-transaction).
    let answered = 0;
    const burst = ready.map(({ session, token }) =>
      browserOf(call, session)
        .confirm(token, `attempt-${session.checkout_session_id}`)
        .then((answer) => {
          if (answer.status === 200) answered++;
        })
        .catch(() => 'connection lost'),
    );
    while (answered < SESSIONS / 4) await new Promise((resolve) => setTimeout(resolve, 1));
    await sandbox.kill('SIGKILL');
    await Promise.allSettled(burst);

    // Restart on the same database and read what it holds.
    sandbox = await startSandboxProcess(db);
    call = caller((path, init) => fetch(sandbox.url + path, init));
    let complete = 0;
    const stillOpen: any[] = [];
    for (const { session } of ready) {
      const s = (await call('GET', `/v1/checkout/sessions/${session.checkout_session_id}`)).body.checkout_session;
      const intents = (await call('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
      const succeeded = intents.filter((pi: any) => pi.status === 'succeeded');
      if (s.status === 'complete') {
        complete++;
        expect(succeeded, s.checkout_session_id).toHaveLength(1);
        expect(s.payment_intent_id).toBe(succeeded[0].payment_intent_id);
        expect(s.customer).toMatch(/^fcus_/);
      } else {
        stillOpen.push(session);
        expect(s.status).toBe('open');
        expect(succeeded, s.checkout_session_id).toHaveLength(0);
      }
    }
    // Every confirm that answered before the kill was committed: nothing the shopper saw is lost.
    expect(complete).toBeGreaterThanOrEqual(answered);
    expect(complete + stillOpen.length).toBe(SESSIONS);
    console.log(`[${kind}] after SIGKILL: ${complete} complete, ${stillOpen.length} open (${answered} answers arrived before the kill)`);

    // A session the kill interrupted can still be paid after the restart, once.
    for (const session of stillOpen.slice(0, 3)) {
      const retry = await browserOf(call, session).confirm(await tokenFor(call, CARDS.visa), `retry-${session.checkout_session_id}`);
      expect(retry.status).toBe(200);
      expect(retry.body.status).toBe('complete');
      const intents = (await call('GET', `/v1/payment_intents?checkout_session=${session.checkout_session_id}`)).body.payment_intents;
      expect(intents.filter((pi: any) => pi.status === 'succeeded')).toHaveLength(1);
    }
  });
});
