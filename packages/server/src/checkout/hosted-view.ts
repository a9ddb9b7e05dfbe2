import {
  FlexCouponRead,
  FlexLineItemRead,
  FlexPaymentIntentRead,
  FlexPaymentMethodRead,
  FlexSessionRead,
  RecurringInterval,
  type CardDetails,
  type CheckoutStatus,
  type HostedSession,
  type SessionCompletion,
  type SummaryCharge,
  type SummaryDiscount,
  type SummaryLine,
} from '@flex-checkout/protocol';
import type { z } from 'zod';

/**
 * A GET with the secret key to a documented path; the JSON answer, or an error thrown. The
 * origin is the browser's request's (an embedded sandbox builds `redirect_url` from it).
 */
export type UpstreamRead = (path: string, origin: string) => Promise<unknown>;

const STATUSES: readonly CheckoutStatus[] = ['open', 'complete', 'expired'];
/** Flex may grow statuses; anything not known to be over is still open to the shopper. */
const statusOf = (status: string): CheckoutStatus => (STATUSES.includes(status as CheckoutStatus) ? (status as CheckoutStatus) : 'open');

const INTERVALS: Record<string, z.infer<typeof RecurringInterval>> = {
  day: 'daily',
  daily: 'daily',
  week: 'weekly',
  weekly: 'weekly',
  month: 'monthly',
  monthly: 'monthly',
  year: 'yearly',
  yearly: 'yearly',
  annually: 'yearly',
};

/** A line's recurring terms: what the summary reads of them. */
type RecurringRead = { interval?: string; interval_count?: number | null; trial_period_days?: number | null };

/** One line in the summary's terms, from whichever shape the upstream gave. */
export function summaryLine(raw: unknown, currency: string): SummaryLine | null {
  const parsed = FlexLineItemRead.safeParse(raw);
  if (!parsed.success) return null;
  const line = parsed.data;
  const price = typeof line.price === 'object' && line.price ? line.price : null;
  const product = price && typeof price.product === 'object' && price.product ? price.product : null;
  // The sandbox's inline line carries its terms as they are stored; Flex's price, as read.
  const recurringRaw = price?.recurring ?? (line.recurring as RecurringRead | null | undefined) ?? null;
  const interval = recurringRaw?.interval ? INTERVALS[recurringRaw.interval.toLowerCase()] : undefined;
  const unit = line.unit_amount ?? price?.unit_amount ?? null;
  const total = line.amount_total ?? (unit !== null ? unit * line.quantity : null);
  if (total === null) return null;
  return {
    name: line.name ?? line.description ?? price?.description ?? product?.name ?? '',
    quantity: line.quantity,
    unit_amount: unit,
    amount_subtotal: line.amount_subtotal ?? (unit !== null ? unit * line.quantity : null),
    amount_discount: line.amount_discount ?? 0,
    amount_total: total,
    currency: line.currency ?? price?.currency ?? currency,
    recurring: interval
      ? { interval, interval_count: recurringRaw?.interval_count ?? 1, trial_period_days: recurringRaw?.trial_period_days || price?.trial_period_days || null }
      : null,
    hsa_fsa_eligibility: line.eligibility ?? line.hsa_fsa_eligibility ?? price?.hsa_fsa_eligibility ?? product?.hsa_fsa_eligibility ?? 'not_eligible',
  };
}

/**
 * What the hosted page charges now. Flex's session carries no such field, so it is derived
 * here, once, for the element to show (it never sums lines itself), by the rule the sandbox
 * charges by (`amountDueNow` in its checkout/complete.ts): a setup session charges nothing;
 * a subscription with a free trial charges only its one-time lines now (the recurring ones
 * are first billed when the trial ends); anything else charges the session's total.
 */
export function amountDueNow(mode: string, lines: readonly Pick<SummaryLine, 'amount_total' | 'recurring'>[], total: number, extras = 0): number {
  if (mode === 'setup') return 0;
  if (mode === 'subscription' && lines.some((l) => l.recurring?.trial_period_days)) {
    // Shipping and tax (`extras`) are paid with the checkout, trial or not.
    return lines.filter((l) => !l.recurring).reduce((sum, l) => sum + l.amount_total, 0) + extras;
  }
  return total;
}

/** An ID, or the ID inside an expanded object. */
const idIn = (value: unknown, key: string): string | null =>
  typeof value === 'string'
    ? value
    : typeof (value as Record<string, unknown> | null)?.[key] === 'string'
      ? ((value as Record<string, string>)[key] as string)
      : null;

/**
 * Builds the browser's view of a hosted session from what the server reads with the secret
 * key: the session, its lines (inline on the sandbox, `GET …/line_items` on Flex) and, once
 * it is complete, the payment intent and card. Lines and completions never change, so they
 * are kept per session; a status poll costs one read.
 */
export function hostedViews(read: UpstreamRead) {
  const lines = new BoundedCache<SummaryLine[]>(2000);
  const completions = new BoundedCache<Completed>(2000);
  const coupons = new BoundedCache<FlexCouponRead | null>(500);

  /** A coupon as `GET /v1/coupons/{id}` shows it (its terms never change); null when it cannot be read. */
  async function coupon(value: unknown, origin: string): Promise<FlexCouponRead | null> {
    const expanded = FlexCouponRead.safeParse(value);
    if (expanded.success) return expanded.data;
    const id = idIn(value, 'coupon_id');
    if (!id) return null;
    const known = coupons.get(id);
    if (known !== undefined) return known;
    const answer = (await read(`/v1/coupons/${encodeURIComponent(id)}`, origin).catch(() => null)) as { coupon?: unknown } | null;
    const parsed = FlexCouponRead.safeParse(answer?.coupon);
    const found = parsed.success ? parsed.data : null;
    coupons.set(id, found);
    return found;
  }

  /** The summary's discounts, shipping and tax from what the session says of them. */
  async function extrasOf(s: FlexSessionRead, origin: string) {
    const td = s.total_details;
    const discounts: SummaryDiscount[] = [];
    for (const [i, d] of s.discounts.entries()) {
      const c = await coupon(d.coupon, origin);
      const promo = d.promo_code && typeof d.promo_code === 'object' ? (d.promo_code as { code?: unknown }).code : null;
      discounts.push({
        name: c?.name ?? null,
        code: typeof promo === 'string' ? promo : null,
        percent_off: c?.percent_off ?? null,
        amount_off: c?.amount_off ?? null,
        duration: c?.duration ?? 'once',
        duration_in_months: c?.duration_in_months ?? null,
        amount: i === 0 ? (td?.amount_discount ?? 0) : 0,
      });
    }
    // Flex's session always carries total_details (and its example an empty `tax_rate: {}`): a
    // zero with no rate named is no shipping or tax at all, not a "$0.00" row. A named rate at
    // zero (free shipping) is shown.
    const option = s.shipping_options[0];
    const shippingAmount = option?.shipping_amount ?? td?.amount_shipping ?? null;
    const shippingNamed = Boolean(option?.shipping_rate_id || option?.display_name);
    const shipping: SummaryCharge | null =
      shippingAmount !== null && shippingAmount !== undefined && (shippingAmount > 0 || shippingNamed)
        ? { display_name: option?.display_name ?? null, amount: shippingAmount }
        : null;
    const taxRate = s.tax_rate;
    const taxAmount = typeof taxRate === 'number' ? taxRate : (taxRate?.amount ?? td?.amount_tax ?? null);
    const taxName = typeof taxRate === 'object' && taxRate ? (taxRate.display_name ?? null) : null;
    const tax: SummaryCharge | null =
      taxAmount !== null && taxAmount !== undefined && (taxAmount > 0 || taxName) ? { display_name: taxName, amount: taxAmount } : null;
    const collection = s.shipping_address_collection;
    const d = s.shipping_details;
    return {
      discounts,
      shipping,
      tax,
      shipping_address_collection: collection !== false,
      shipping_allowed_countries: typeof collection === 'object' ? (collection.allowed_countries ?? null) : null,
      shipping_address: d
        ? {
            line1: d.line1 ?? null,
            line2: d.line2 ?? null,
            city: d.city ?? null,
            state: d.state ?? null,
            postal_code: d.postal_code ?? null,
            country: d.country ?? null,
          }
        : null,
      allow_promotion_codes: s.allow_promotion_codes,
    };
  }

  async function session(id: string, origin: string): Promise<FlexSessionRead> {
    const answer = (await read(`/v1/checkout/sessions/${encodeURIComponent(id)}`, origin)) as { checkout_session?: unknown };
    return FlexSessionRead.parse(answer.checkout_session);
  }

  async function linesOf(s: FlexSessionRead, currency: string, origin: string): Promise<SummaryLine[]> {
    const known = lines.get(s.checkout_session_id);
    if (known) return known;
    const raw =
      s.line_items ??
      ((await read(`/v1/checkout/sessions/${encodeURIComponent(s.checkout_session_id)}/line_items`, origin)) as { line_items?: unknown[] }).line_items ??
      [];
    const found = raw.map((l) => summaryLine(l, currency)).filter((l): l is SummaryLine => l !== null);
    lines.set(s.checkout_session_id, found);
    return found;
  }

  /**
   * The payment intent of a complete session that names none (Flex's older pages), by
   * `GET /v1/payment_intents?checkout_session=`. Flex's intent does not name its session, so an
   * upstream that ignored the filter could answer another checkout's: one is taken only when
   * it names this session, or this session's customer, and it is not a failed or canceled one.
   * None found (or the read failed): the thank-you goes without the card's line.
   */
  async function intentOfSession(s: FlexSessionRead, origin: string): Promise<FlexPaymentIntentRead | null> {
    const path = `/v1/payment_intents?checkout_session=${encodeURIComponent(s.checkout_session_id)}&limit=10`;
    const answer = (await read(path, origin).catch(() => null)) as { payment_intents?: unknown } | null;
    const intents = Array.isArray(answer?.payment_intents) ? answer.payment_intents : [];
    for (const raw of intents) {
      const parsed = FlexPaymentIntentRead.safeParse(raw);
      if (!parsed.success) continue;
      const named = (raw as { checkout_session?: unknown }).checkout_session;
      const ours = typeof named === 'string' ? named === s.checkout_session_id : s.customer !== null && parsed.data.customer === s.customer;
      if (ours && parsed.data.status !== 'canceled' && parsed.data.status !== 'requires_payment_method') return parsed.data;
    }
    return null;
  }

  async function completionOf(s: FlexSessionRead, origin: string): Promise<Completed> {
    const known = completions.get(s.checkout_session_id);
    if (known) return known;
    let intentId = s.payment_intent ?? s.payment_intent_id;
    let paymentMethod: string | null = null;
    let received: number | null = s.amount_received;
    let authorized = 0;
    // Flex's older session pages carry no payment intent: find it by the documented list filter.
    const listed = intentId ? null : await intentOfSession(s, origin);
    intentId ??= listed?.payment_intent_id ?? null;
    if (intentId) {
      const intent = listed
        ? { success: true as const, data: listed }
        : FlexPaymentIntentRead.safeParse(
            ((await read(`/v1/payment_intents/${encodeURIComponent(intentId)}`, origin)) as { payment_intent?: unknown }).payment_intent,
          );
      if (intent.success) {
        paymentMethod = intent.data.payment_method;
        received ??= intent.data.amount_received;
        // Held for a later capture: Flex documents `amount_capturable`, not the status's name.
        authorized = intent.data.amount_capturable ?? 0;
      }
    }
    let card: CardDetails | null = null;
    let savedOffSession = false;
    if (paymentMethod && s.customer) {
      // The card's brand and last four for the thank-you line; a failure here only drops that line.
      const pm = await read(`/v1/customers/${encodeURIComponent(s.customer)}/payment_methods/${encodeURIComponent(paymentMethod)}`, origin).catch(() => null);
      const parsed = FlexPaymentMethodRead.safeParse((pm as { payment_method?: unknown } | null)?.payment_method);
      const c = parsed.success ? parsed.data.card : null;
      savedOffSession = parsed.success && parsed.data.off_session;
      if (c)
        card = {
          brand: (['visa', 'mastercard', 'amex', 'discover'].includes(c.brand)
            ? c.brand
            : c.brand === 'american_express'
              ? 'amex'
              : 'unknown') as CardDetails['brand'],
          last4: c.last4,
          exp_month: c.exp_month ?? 1,
          exp_year: c.exp_year ?? 0,
        };
    }
    const completion: Completed = {
      savedOffSession,
      customer: s.customer,
      payment_method: paymentMethod,
      card,
      payment_intent: intentId ?? null,
      setup_intent: s.setup_intent,
      subscription: s.subscription,
      amount_received: received ?? (intentId ? (s.amount_total ?? 0) : 0),
      amount_authorized: authorized,
    };
    completions.set(s.checkout_session_id, completion);
    return completion;
  }

  return {
    /** Where the session stands: one read. */
    async status(id: string, origin: string): Promise<CheckoutStatus> {
      return statusOf((await session(id, origin)).status);
    },
    /** The whole view, with the merchant's own URLs (`restore` undoes the return-page wrapping). */
    async view(id: string, origin: string, restore: (url: string | null) => string | null): Promise<HostedSession> {
      const s = await session(id, origin);
      const status = statusOf(s.status);
      const currency = (s.currency ?? 'usd').toLowerCase();
      const summary = await linesOf(s, currency, origin);
      const total = s.amount_total ?? summary.reduce((sum, l) => sum + l.amount_total, 0);
      const td = s.total_details;
      const mode = s.mode ?? 'payment';
      const extras = await extrasOf(s, origin);
      const completed = status === 'complete' ? await completionOf(s, origin) : null;
      return {
        checkout: 'hosted',
        checkout_session_id: s.checkout_session_id,
        status,
        mode,
        currency: summary[0]?.currency ?? currency,
        amount_total: total,
        amount_due_now: amountDueNow(mode, summary, total, (extras.shipping?.amount ?? 0) + (extras.tax?.amount ?? 0)),
        amount_subtotal: s.amount_subtotal ?? total,
        total_details: { amount_discount: td?.amount_discount ?? 0, amount_tax: td?.amount_tax ?? null, amount_shipping: td?.amount_shipping ?? null },
        ...extras,
        line_items: summary,
        hsa_fsa_eligible: s.hsa_fsa_eligible || summary.some((l) => l.hsa_fsa_eligibility !== 'not_eligible'),
        letter_of_medical_necessity_required:
          s.letter_of_medical_necessity_required || summary.some((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity'),
        // Flex's session does not carry setup_future_use (only its create body does); once it
        // is complete, the saved card's `off_session` says whether it was honoured.
        setup_future_use: s.setup_future_use === 'off_session' || completed?.savedOffSession ? 'off_session' : null,
        expires_at: s.expires_at ?? Math.floor(Date.now() / 1000) + 3600,
        redirect_url: status === 'open' ? s.redirect_url : null,
        success_url: restore(s.success_url),
        cancel_url: restore(s.cancel_url),
        completion: completed ? withoutFlag(completed) : null,
      };
    },
  };
}

/** A completion, and whether its card was saved for off-session charges. */
type Completed = SessionCompletion & { savedOffSession: boolean };

const withoutFlag = ({ savedOffSession: _saved, ...completion }: Completed): SessionCompletion => completion;

/** A map that forgets its oldest entries past a size: per-session facts that never change. */
class BoundedCache<T> {
  private readonly entries = new Map<string, T>();
  constructor(private readonly size: number) {}
  get(key: string): T | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: T): void {
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }
}
