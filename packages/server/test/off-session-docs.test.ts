import { describe, expect, it } from 'vitest';
import { CardDeclinedError, createFlexClient, FlexApiError, LetterRequiredError, ValidationError } from '../src/index.js';
import { scriptedUpstream } from './support/scripted-upstream.js';

/**
 * An off-session charge against an upstream that answers only as Flex's off-session guide
 * shows (000_… in the reference): the session's fields bare, not wrapped; and a decline that
 * is no error answer at all, only a session that did not complete and a payment intent whose
 * `last_payment_error` says why (the one place Flex documents a decline).
 */
describe('offSession.charge against answers shaped as Flex documents them', () => {
  function upstream(answers: Record<string, unknown>) {
    const calls: string[] = [];
    const up = scriptedUpstream((path, init) => {
      calls.push(`${init.method ?? 'GET'} ${path}`);
      const body = answers[`${init.method ?? 'GET'} ${path}`];
      return body === undefined ? new Response('{"error":{"code":"not_found","message":"no"}}', { status: 404 }) : Response.json(body);
    });
    return { calls, client: createFlexClient({ upstream: up, apiKey: 'fsk_test_docs', retryDelayMs: 1 }) };
  }
  const params = { customer: 'fcus_01kdocs', paymentMethod: 'fpm_01kdocs', lineItems: [{ price: 'fprice_01kdocs', quantity: 1 }] };

  it("reads the guide's bare answer as the completed session", async () => {
    const { client } = upstream({
      'POST /v1/checkout/sessions': {
        status: 'complete',
        payment_intent: { status: 'succeeded', amount: 2999, amount_received: 2999 },
        letter_of_medical_necessity_required: true,
        visit_type: 'gym',
      },
    });
    const session = await client.offSession.charge(params);
    expect(session).toMatchObject({ status: 'complete', payment_intent: { status: 'succeeded', amount_received: 2999 } });
  });

  it("a session that did not complete, with the intent's card error: CardDeclinedError with its decline code, and one POST only", async () => {
    const { client, calls } = upstream({
      'POST /v1/checkout/sessions': { checkout_session: { checkout_session_id: 'fcs_01kdocs', status: 'open', payment_intent: 'fpi_01kdocs' } },
      'GET /v1/payment_intents/fpi_01kdocs': {
        payment_intent: {
          payment_intent_id: 'fpi_01kdocs',
          status: 'requires_payment_method',
          last_payment_error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
        },
      },
    });
    const error = await client.offSession.charge(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardDeclinedError);
    expect(error).toMatchObject({ status: 402, type: 'card_error', declineCode: 'insufficient_funds' });
    expect((error as Error).message).toContain('Your card has insufficient funds.');
    expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('the intent expanded inline is read without another call; with no reason given, the generic error', async () => {
    const inline = upstream({
      'POST /v1/checkout/sessions': {
        checkout_session: {
          checkout_session_id: 'fcs_01kdocs',
          status: 'open',
          payment_intent: { status: 'requires_payment_method', last_payment_error: { decline_code: 'do_not_honor' } },
        },
      },
    });
    await expect(inline.client.offSession.charge(params)).rejects.toMatchObject({ declineCode: 'do_not_honor' });
    expect(inline.calls).toHaveLength(1);

    const silent = upstream({ 'POST /v1/checkout/sessions': { checkout_session: { checkout_session_id: 'fcs_01kdocs', status: 'open' } } });
    const error = await silent.client.offSession.charge(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlexApiError);
    expect((error as Error).message).toContain('came back open, not complete');
  });

  it("a 422 that speaks of a letter in other words than the guide's is LetterRequiredError off session; another 422 stays ValidationError", async () => {
    const refusing = (detail: unknown[]) =>
      createFlexClient({ upstream: scriptedUpstream(() => Response.json({ detail }, { status: 422 })), apiKey: 'fsk_test_docs', retryDelayMs: 1 });
    const letter = [{ loc: ['body', 'checkout_session', 'customer'], msg: 'Customer has no letter for this visit type', type: 'value_error.letter_required' }];
    const lmn = [{ loc: ['customer'], msg: 'No valid LMN on file', type: 'invalid_request_error' }];
    for (const detail of [letter, lmn]) {
      const error = await refusing(detail)
        .offSession.charge(params)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LetterRequiredError);
      expect(error).toMatchObject({ status: 422, detail });
    }
    const other = [{ loc: ['body', 'checkout_session', 'payment_method'], msg: 'The card is not saved for off-session use', type: 'value_error' }];
    const error = await refusing(other)
      .offSession.charge(params)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(LetterRequiredError);
    // Not off session, the same words are a validation error of that create, as they came.
    const onSession = await refusing(letter)
      .checkoutSessions.create({ line_items: [{ price: 'fprice_01kdocs', quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(onSession).toBeInstanceOf(ValidationError);
  });
});
