import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { questionnaireFor } from '../src/consultations/questionnaires.js';
import { sampleAnswers } from '../src/consultations/samples.js';
import { launchBrowser } from '../../../test/support/browser.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { useHttpSandbox, useSandbox } from '../../../test/support/sandbox.js';
import { CARDS, createPrice, createSession, payOnHostedPage, sandboxToday } from '../../../test/support/checkout.js';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The error summary's entries: where each link goes and its text (as read), in order. */
const summaryEntries = (html: string) =>
  [...html.matchAll(/<li><a href="#([^"]+)">([^<]*)<\/a><\/li>/g)].map((m) => ({ target: m[1], text: m[2]!.replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e) }));

/** A good contact and card for the payment form, all but the card's ZIP code. */
const CONTACT_AND_CARD: readonly [string, string][] = [
  ['email', 'sam@example.com'],
  ['first_name', 'Sam'],
  ['last_name', 'Shopper'],
  ['number', CARDS.visa],
  ['expiry', '12 / 34'],
  ['cvc', '123'],
];

/** An input's opening tag, by its ID. */
const inputTag = (html: string, id: string) => /<input id="[^"]+"[^>]*>/g.exec(html.slice(html.indexOf(`<input id="${id}"`)))?.[0] ?? '';

/**
 * The sandbox's hosted checkout (`/pay/c/{id}`, a session's `redirect_url`), as a browser
 * without script uses it: pages and form posts. Chromium runs it in test/e2e/flex-hosted.test.ts,
 * and lays it out at phone widths at the end of this file.
 */
describeEachDatabase('the hosted checkout page', (kind) => {
  const sandbox = useSandbox(kind, { profile: 'flex', frameAncestors: ['https://shop.example'] });
  const page = async (path: string, init: RequestInit = {}) => sandbox.app.request(`http://sandbox.test${path}`, init);
  const form = (path: string, fields: [string, string][], headers: Record<string, string> = {}) =>
    page(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  const session = async (extra: Record<string, unknown> = {}) => {
    const price = await createPrice(sandbox.call, { visit_type: 'gym' }, { unit_amount: 12900 });
    return createSession(sandbox.call, {
      line_items: [{ price: price.price_id }],
      success_url: 'https://shop.example/thanks/{CHECKOUT_SESSION_ID}',
      cancel_url: 'https://shop.example/cart',
      ...extra,
    });
  };
  const answersAsForm = async (outcome: 'approved' | 'denied' | 'pending') => {
    const fields: [string, string][] = [];
    for (const [id, value] of Object.entries(sampleAnswers('gym', outcome, await sandboxToday(sandbox.call)))) {
      for (const v of Array.isArray(value) ? value : [value]) fields.push([`q:${id}`, typeof v === 'boolean' ? (v ? 'yes' : 'no') : v]);
    }
    return fields;
  };

  it('shows the consultation first, framable by the merchant, under a CSP that names its own style and script', async () => {
    const s = await session();
    const res = await page(`/pay/c/${s.checkout_session_id}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const question of questionnaireFor('gym').questions) expect(html).toContain(question.label);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain('frame-ancestors https://shop.example');
    expect(csp).toMatch(/style-src 'sha256-[^']+'/);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self' https://shop.example");
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Its one script is served from its own origin.
    const script = await page('/pay/assets/hosted-page.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await script.text()).toContain('flex-sandbox:resize');
    // Flex documents no height message: the flex profile's page does not offer to send one.
    expect(html).not.toContain('data-reports-height');
  });

  it('refuses missing answers at their questions, keeping what was given; then approves and asks for contact and card', async () => {
    const s = await session();
    const refused = await form(`/pay/c/${s.checkout_session_id}/consultation`, [['q:conditions', 'lower_back_pain']]);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('Please fix the following:');
    expect(html).toMatch(/<input id="q0-0" type="checkbox" name="q:conditions" value="lower_back_pain"\s+checked>/);
    // Each entry is the question, then what to do: a question's "?" is never followed by ": ".
    const entries = summaryEntries(html);
    expect(entries.length).toBeGreaterThan(1);
    for (const { text } of entries) expect(text).not.toMatch(/[?.!]:/);
    const dateOfBirth = questionnaireFor('gym').questions.findIndex((q) => q.id === 'date_of_birth');
    expect(entries).toContainEqual({ target: `q${dateOfBirth}`, text: `${questionnaireFor('gym').questions[dateOfBirth]!.label} Enter a date` });

    const decided = await form(`/pay/c/${s.checkout_session_id}/consultation`, await answersAsForm('approved'));
    expect(decided.status).toBe(303);
    const next = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    expect(next).toContain('Your letter of medical necessity for fitness is valid until');
    expect(next).toContain('name="number"');
    expect(next).toContain('Pay $129.00');
  });

  it('a denied consultation ends with the way back to the store, charging nothing', async () => {
    const s = await session();
    expect((await form(`/pay/c/${s.checkout_session_id}/consultation`, await answersAsForm('denied'))).status).toBe(303);
    const html = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    expect(html).toContain('We could not issue a letter');
    expect(html).toContain('href="https://shop.example/cart"');
    expect(html).not.toContain('name="number"');
  });

  it('explains a decline without repeating the card, records the attempt, and pays with the next card', async () => {
    const s = await session();
    const declined = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.insufficientFunds });
    expect(declined.status).toBe(402);
    const html = await declined.text();
    expect(html).toContain('Your card has insufficient funds.');
    expect(html).not.toContain(CARDS.insufficientFunds);
    expect(html).toContain('value="shopper@example.com"'); // contact kept, card not
    const intents = (await sandbox.call('GET', `/v1/payment_intents?checkout_session=${s.checkout_session_id}`)).body.payment_intents;
    expect(intents[0].last_payment_error).toMatchObject({ decline_code: 'insufficient_funds' });

    const paid = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.visa });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`https://shop.example/thanks/${s.checkout_session_id}`);
    expect((await sandbox.call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`)).body.checkout_session.status).toBe('complete');
    // A finished session sends the shopper on, whoever opens it again.
    const again = await page(`/pay/c/${s.checkout_session_id}`);
    expect(again.status).toBe(303);
  });

  it('runs 3-D Secure as a step: a failed challenge returns to the card with the reason; a completed one pays', async () => {
    const s = await session();
    const failed = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.threeDSecure, authenticate: 'fail' });
    expect(failed.status).toBe(303);
    expect(failed.headers.get('location')).toBe(`/pay/c/${s.checkout_session_id}?notice=authentication_failed`);
    expect(await (await page(failed.headers.get('location')!)).text()).toContain('We are unable to authenticate your payment method.');
    const done = await payOnHostedPage(page, sandbox.call, s, { card: CARDS.threeDSecure, authenticate: 'complete' });
    expect(done.headers.get('location')).toBe(`https://shop.example/thanks/${s.checkout_session_id}`);
  });

  it('refuses a malformed card at its field, and a form over 64 KB', async () => {
    const s = await session({
      line_items: [{ price: (await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id }],
    });
    const bad = await form(`/pay/c/${s.checkout_session_id}/pay`, [
      ['email', 'not-an-email'],
      ['first_name', 'Sam'],
      ['last_name', ''],
      ['number', '4242 4242 4242 4241'],
      ['expiry', '13/30'],
      ['cvc', '12'],
    ]);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const message of ['Enter a valid email address.', 'Fill in this field.', 'Enter the expiry as MM / YY.', 'security code is invalid.'])
      expect(html).toContain(message);
    expect(html).not.toContain('4242 4242 4242 4241');
    // The summary names each field, then its problem.
    expect(summaryEntries(html)).toEqual([
      { target: 'email', text: 'Email: Enter a valid email address.' },
      { target: 'last_name', text: 'Last name: Fill in this field.' },
      { target: 'expiry', text: 'Expiry (MM / YY): Enter the expiry as MM / YY.' },
      { target: 'cvc', text: "Security code: Your card's security code is invalid." },
      { target: 'postal_code', text: 'Billing ZIP code: Fill in this field.' },
    ]);
    const huge = await form(`/pay/c/${s.checkout_session_id}/pay`, [['email', 'x'.repeat(70 * 1024)]]);
    expect(huge.status).toBe(413);
  });

  it('requires the ZIP code, as the in-page card form does: marked required, refused blank or malformed at its field, in English and Spanish', async () => {
    const s = await session({
      line_items: [{ price: (await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id }],
    });
    const shown = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    expect(inputTag(shown, 'postal_code')).toMatch(/\srequired[\s>]/);
    expect(inputTag(shown, 'expiry')).toMatch(/\srequired[\s>]/);
    expect(inputTag(shown, 'phone')).not.toMatch(/\srequired[\s>]/); // its label says "(optional)"

    const card = (zip: string | null): [string, string][] => [...CONTACT_AND_CARD, ...(zip === null ? [] : ([['postal_code', zip]] as [string, string][]))];
    for (const [zip, language, message] of [
      [null, 'en', 'Fill in this field.'],
      ['  ', 'en', 'Fill in this field.'],
      ['1000', 'en', 'Enter a 5-digit ZIP code.'],
      ['SW1A 1AA', 'en', 'Enter a 5-digit ZIP code.'],
      [null, 'es', 'Complete este campo.'],
      ['1000', 'es', 'Escriba un código postal de 5 dígitos.'],
    ] as const) {
      const refused = await form(`/pay/c/${s.checkout_session_id}/pay`, card(zip), { 'accept-language': language });
      expect(refused.status).toBe(422);
      const html = await refused.text();
      expect(html).toContain(`<p class="error" id="postal_code-error">${message}</p>`);
      expect(inputTag(html, 'postal_code')).toContain('aria-invalid="true"');
      expect(inputTag(html, 'postal_code')).toContain('aria-describedby="postal_code-error"');
      expect(summaryEntries(html)).toEqual([
        { target: 'postal_code', text: `${language === 'es' ? 'Código postal de facturación' : 'Billing ZIP code'}: ${message}` },
      ]);
    }
    // Nothing was charged, or even tried.
    const intents = (await sandbox.call('GET', `/v1/payment_intents?checkout_session=${s.checkout_session_id}`)).body.payment_intents;
    expect(intents).toEqual([]);

    const paid = await form(`/pay/c/${s.checkout_session_id}/pay`, card('10001-1234'));
    expect(paid.status).toBe(303);
    expect((await sandbox.call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`)).body.checkout_session.status).toBe('complete');
  });

  it('a session that ships: its address fields are marked required but the two optional ones, and the two ZIP codes are told apart', async () => {
    const s = await session({
      line_items: [{ price: (await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id }],
      shipping_address_collection: true,
    });
    const shown = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    for (const id of ['ship_line1', 'ship_city', 'ship_postal_code']) expect(inputTag(shown, id)).toMatch(/\srequired[\s>]/);
    for (const id of ['ship_line2', 'ship_state']) expect(inputTag(shown, id)).not.toMatch(/\srequired[\s>]/);
    // The state is asked of a US address only, as the element's details step asks it.
    expect(shown).toContain('<label class="label" for="ship_state">State, province or region</label>');

    for (const [language, card, address, state, required] of [
      ['en', 'Billing ZIP code', 'ZIP or postal code', 'State, province or region', 'Fill in this field.'],
      ['es', 'Código postal de facturación', 'Código postal', 'Estado, provincia o región', 'Complete este campo.'],
    ] as const) {
      const refused = await form(`/pay/c/${s.checkout_session_id}/pay`, [...CONTACT_AND_CARD, ['ship_line1', '1 Main St'], ['ship_city', 'Springfield']], {
        'accept-language': language,
      });
      expect(refused.status).toBe(422);
      // In the form's order: the address comes before the card.
      expect(summaryEntries(await refused.text())).toEqual([
        { target: 'ship_state', text: `${state}: ${required}` },
        { target: 'ship_postal_code', text: `${address}: ${required}` },
        { target: 'postal_code', text: `${card}: ${required}` },
      ]);
    }
  });

  it("a session that ships anywhere: the country is chosen by name from every country, and each address field's problem is its own", async () => {
    const s = await session({
      line_items: [{ price: (await createPrice(sandbox.call, { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' })).price_id }],
      shipping_address_collection: true,
    });
    const options = (html: string) =>
      [...html.matchAll(/<option value="([A-Z]{2})"\s*( selected)?\s*>([^<]+)<\/option>/g)].map((o) => ({ code: o[1], selected: !!o[2], name: o[3] }));
    for (const [language, name] of [
      ['en', 'United States'],
      ['es', 'Estados Unidos'],
    ] as const) {
      const listed = options(await (await page(`/pay/c/${s.checkout_session_id}`, { headers: { 'accept-language': language } })).text());
      expect(listed.length).toBeGreaterThan(200);
      expect(listed.filter((o) => o.selected)).toEqual([{ code: 'US', selected: true, name }]);
      // Sorted by the name the shopper reads, not by code.
      const names = listed.map((o) => o.name ?? '');
      expect(names).toEqual([...names].sort(new Intl.Collator(language).compare));
    }
    const post = (fields: [string, string][]) =>
      form(`/pay/c/${s.checkout_session_id}/pay`, [
        ...CONTACT_AND_CARD,
        ['postal_code', '10001'],
        ['ship_city', 'Springfield'],
        ['ship_postal_code', '10001'],
        ...fields,
      ]);
    const refused = await post([
      ['ship_line1', 'x'.repeat(201)],
      ['ship_country', 'United States'],
    ]);
    expect(refused.status).toBe(422);
    expect(summaryEntries(await refused.text())).toEqual([
      { target: 'ship_line1', text: 'Address: Use at most 200 characters.' },
      { target: 'ship_country', text: 'Country or region: We do not ship to this country.' },
    ]);
    // A well-formed code that is no country is refused as well.
    const unknown = await post([
      ['ship_line1', '1 Main St'],
      ['ship_country', 'XX'],
    ]);
    expect(summaryEntries(await unknown.text())).toEqual([{ target: 'ship_country', text: 'Country or region: We do not ship to this country.' }]);
    expect((await sandbox.call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`)).body.checkout_session.status).toBe('open');
    const paid = await post([
      ['ship_line1', '1 Main St'],
      ['ship_country', 'CA'],
    ]);
    expect(paid.status).toBe(303);
    expect((await sandbox.call('GET', `/v1/checkout/sessions/${s.checkout_session_id}`)).body.checkout_session).toMatchObject({
      status: 'complete',
      shipping_details: { line1: '1 Main St', country: 'CA' },
    });
  });

  it('speaks Spanish to a Spanish browser, and says so when a session is unknown or expired', async () => {
    const s = await session();
    const es = await (await page(`/pay/c/${s.checkout_session_id}`, { headers: { 'accept-language': 'es-MX,es;q=0.9' } })).text();
    expect(es).toContain('<html lang="es">');
    expect(es).toContain(questionnaireFor('gym', 'es').questions[0]!.label);
    expect(es).toContain('Continuar');

    const unknown = await page('/pay/c/fcs_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Checkout not found');

    await sandbox.call('POST', '/v1/test_helpers/advance_time', { body: { seconds: 2 * 60 * 60 } });
    const expired = await (await page(`/pay/c/${s.checkout_session_id}`)).text();
    expect(expired).toContain('This checkout has expired');
    expect(expired).toContain('href="https://shop.example/cart"');
  });
});

/**
 * The hosted page laid out by Chromium at phone widths, where the HTML alone cannot show the
 * outcome: the two labels of a row (the card's expiry and security code) each fit on one line,
 * and each bullet of the error summary is at the first line of its entry, not the last.
 */
describe('the hosted checkout page on a phone, in Chromium', () => {
  const sandbox = useHttpSandbox('sqlite', { profile: 'flex' });
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  /** A session's hosted page at this width and language, after its form was sent empty (the list of problems shown). */
  async function refusedPage(t: TestContext, step: 'card' | 'consultation', width: number, locale: string): Promise<Page> {
    const product = step === 'card' ? { visit_type: null, hsa_fsa_eligibility: 'auto_substantiation' } : { visit_type: 'gym' };
    const s = await createSession(sandbox.call, {
      line_items: [{ price: (await createPrice(sandbox.call, product)).price_id }],
      success_url: 'https://shop.example/thanks',
      cancel_url: 'https://shop.example/cart',
    });
    // Tall enough that nothing scrolls: the bullets are read from a screenshot of the viewport.
    const context = await browser.newContext({ viewport: { width, height: 2000 }, locale });
    t.onTestFinished(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${sandbox.url}/pay/c/${s.checkout_session_id}`);
    await page.locator('form button[type=submit]').click();
    await page.locator('.alert ul').waitFor();
    return page;
  }

  /** How many lines each label in a two-column row takes. */
  const rowLabels = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('.grid .label')].map((label) => {
        const range = document.createRange();
        range.selectNodeContents(label);
        return { label: label.textContent.trim(), lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size };
      }),
    );

  /**
   * Where each entry's bullet is drawn, against its text's lines: the dark pixels in the list's
   * left margin (where the markers are) give each bullet's middle; the text's line boxes give
   * its lines. The line the middle falls on is 1 for the first.
   */
  async function bullets(page: Page): Promise<{ entry: string; lines: number; line: number }[]> {
    const list = await page.locator('.alert ul').evaluate((ul) =>
      [...ul.querySelectorAll('li')].map((li) => {
        const range = document.createRange();
        range.selectNodeContents(li.querySelector('a')!);
        const rects = [...range.getClientRects()];
        const box = li.getBoundingClientRect();
        return {
          entry: li.textContent.trim(),
          tops: [...new Set(rects.map((r) => Math.round(r.top)))].sort((x, y) => x - y),
          lineHeight: rects[0]!.height,
          left: box.left,
          top: box.top,
          bottom: box.bottom,
        };
      }),
    );
    const top = Math.floor(list[0]!.top);
    const margin = PNG.sync.read(await page.screenshot({ clip: { x: list[0]!.left - 18, y: top, width: 16, height: Math.ceil(list.at(-1)!.bottom) - top } }));
    const dark = (y: number) =>
      Array.from({ length: margin.width }, (_, x) => (y * margin.width + x) * 4).some(
        (at) => margin.data[at]! < 128 && margin.data[at + 1]! < 128 && margin.data[at + 2]! < 128,
      );
    return list.map((item) => {
      const rows: number[] = [];
      for (let y = Math.max(0, Math.floor(item.top) - top); y < Math.min(margin.height, Math.ceil(item.bottom) - top); y++) if (dark(y)) rows.push(y + top);
      expect(rows.length, `a bullet beside "${item.entry}"`).toBeGreaterThan(0);
      const middle = (rows[0]! + rows.at(-1)!) / 2;
      expect(middle, `the bullet of "${item.entry}" beside its text`).toBeLessThan(item.tops.at(-1)! + item.lineHeight);
      return { entry: item.entry, lines: item.tops.length, line: item.tops.filter((t) => t <= middle).length };
    });
  }

  for (const locale of ['en-US', 'es-ES']) {
    it(`fits each label of the card's two-column rows on one line at 320, 360 and 375 px (${locale})`, async (t) => {
      const page = await refusedPage(t, 'card', 320, locale);
      for (const width of [320, 360, 375]) {
        await page.setViewportSize({ width, height: 2000 });
        const labels = await rowLabels(page);
        expect(labels.map((l) => l.label)).toContain(locale === 'en-US' ? 'Expiry (MM / YY)' : 'Vence (MM / AA)');
        expect(
          labels.filter((l) => l.lines !== 1),
          `at ${width} px`,
        ).toEqual([]);
      }
    });

    it(`puts each bullet of the error summary at its entry's first line (${locale})`, async (t) => {
      const entries = [...(await bullets(await refusedPage(t, 'consultation', 375, locale))), ...(await bullets(await refusedPage(t, 'card', 320, locale)))];
      // Some entries wrap, or this would show nothing.
      expect(entries.some((e) => e.lines > 1)).toBe(true);
      expect(entries.filter((e) => e.line !== 1)).toEqual([]);
    });
  }
});

describeEachDatabase('the hosted checkout page, default profile', (kind) => {
  const sandbox = useSandbox(kind, { frameAncestors: ['https://shop.example'] });

  it("offers to tell a framing parent its height (the sandbox's extension)", async () => {
    const price = await createPrice(sandbox.call, { visit_type: 'gym' }, { unit_amount: 12900 });
    const s = await createSession(sandbox.call, { line_items: [{ price: price.price_id }] });
    const html = await (await sandbox.app.request(`http://sandbox.test/pay/c/${s.checkout_session_id}`)).text();
    expect(html).toMatch(/<html lang="en" data-reports-height>/);
  });
});
