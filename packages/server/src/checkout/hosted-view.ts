import {
  FlexLineItemRead,
  FlexPaymentIntentRead,
  FlexPaymentMethodRead,
  FlexSessionRead,
  RecurringInterval,
  type CardDetails,
  type CheckoutStatus,
  type HostedSession,
  type SessionCompletion,
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
  day: 'daily', daily: 'daily', week: 'weekly', weekly: 'weekly', month: 'monthly', monthly: 'monthly', year: 'yearly', yearly: 'yearly', annually: 'yearly',
};

/** One line in the summary's terms, from whichever shape the upstream gave. */
export function summaryLine(raw: unknown, currency: string): SummaryLine | null {
  const parsed = FlexLineItemRead.safeParse(raw);
  if (!parsed.success) return null;
  const line = parsed.data;
  const price = typeof line.price === 'object' && line.price ? line.price : null;
  const product = price && typeof price.product === 'object' && price.product ? price.product : null;
  const recurringRaw = (price?.recurring ?? line.recurring ?? null) as { interval?: string; interval_count?: number | null; trial_period_days?: number | null } | null;
  const interval = recurringRaw?.interval ? INTERVALS[recurringRaw.interval.toLowerCase()] : undefined;
  const unit = line.unit_amount ?? price?.unit_amount ?? null;
  const total = line.amount_total ?? (unit !== null ? unit * line.quantity : null);
  if (total === null) return null;
  return {
    name: line.name ?? line.description ?? price?.description ?? product?.name ?? '',
    quantity: line.quantity,
    unit_amount: unit,
    amount_total: total,
    currency: line.currency ?? price?.currency ?? currency,
    recurring: interval
      ? { interval, interval_count: recurringRaw?.interval_count ?? 1, trial_period_days: recurringRaw?.trial_period_days || null }
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
export function amountDueNow(mode: string, lines: readonly Pick<SummaryLine, 'amount_total' | 'recurring'>[], total: number): number {
  if (mode === 'setup') return 0;
  if (mode === 'subscription' && lines.some((l) => l.recurring?.trial_period_days)) {
    return lines.filter((l) => !l.recurring).reduce((sum, l) => sum + l.amount_total, 0);
  }
  return total;
}

/**
 * Builds the browser's view of a hosted session from what the server reads with the secret
 * key: the session, its lines (inline on the sandbox, `GET …/line_items` on Flex) and, once
 * it is complete, the payment intent and card. Lines and completions never change, so they
 * are kept per session; a status poll costs one read.
 */
export function hostedViews(read: UpstreamRead) {
  const lines = new BoundedCache<SummaryLine[]>(2000);
  const completions = new BoundedCache<SessionCompletion>(2000);

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

  async function completionOf(s: FlexSessionRead, origin: string): Promise<SessionCompletion> {
    const known = completions.get(s.checkout_session_id);
    if (known) return known;
    const intentId = s.payment_intent ?? s.payment_intent_id;
    let paymentMethod: string | null = null;
    let received: number | null = s.amount_received;
    if (intentId) {
      const intent = FlexPaymentIntentRead.safeParse((await read(`/v1/payment_intents/${encodeURIComponent(intentId)}`, origin) as { payment_intent?: unknown }).payment_intent);
      if (intent.success) {
        paymentMethod = intent.data.payment_method;
        received ??= intent.data.amount_received;
      }
    }
    let card: CardDetails | null = null;
    if (paymentMethod && s.customer) {
      // The card's brand and last four for the thank-you line; a failure here only drops that line.
      const pm = await read(`/v1/customers/${encodeURIComponent(s.customer)}/payment_methods/${encodeURIComponent(paymentMethod)}`, origin).catch(() => null);
      const parsed = FlexPaymentMethodRead.safeParse((pm as { payment_method?: unknown } | null)?.payment_method);
      const c = parsed.success ? parsed.data.card : null;
      if (c) card = { brand: (['visa', 'mastercard', 'amex', 'discover'].includes(c.brand) ? c.brand : c.brand === 'american_express' ? 'amex' : 'unknown') as CardDetails['brand'], last4: c.last4, exp_month: c.exp_month ?? 1, exp_year: c.exp_year ?? 0 };
    }
    const completion: SessionCompletion = {
      customer: s.customer,
      payment_method: paymentMethod,
      card,
      payment_intent: intentId ?? null,
      setup_intent: s.setup_intent,
      subscription: s.subscription,
      amount_received: received ?? (intentId ? (s.amount_total ?? 0) : 0),
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
      return {
        checkout: 'hosted',
        checkout_session_id: s.checkout_session_id,
        status,
        mode,
        currency: summary[0]?.currency ?? currency,
        amount_total: total,
        amount_due_now: amountDueNow(mode, summary, total),
        amount_subtotal: s.amount_subtotal ?? total,
        total_details: { amount_discount: td?.amount_discount ?? 0, amount_tax: td?.amount_tax ?? null, amount_shipping: td?.amount_shipping ?? null },
        line_items: summary,
        hsa_fsa_eligible: s.hsa_fsa_eligible || summary.some((l) => l.hsa_fsa_eligibility !== 'not_eligible'),
        letter_of_medical_necessity_required:
          s.letter_of_medical_necessity_required || summary.some((l) => l.hsa_fsa_eligibility === 'letter_of_medical_necessity'),
        setup_future_use: s.setup_future_use === 'off_session' ? 'off_session' : null,
        expires_at: s.expires_at ?? Math.floor(Date.now() / 1000) + 3600,
        redirect_url: status === 'open' ? s.redirect_url : null,
        success_url: restore(s.success_url),
        cancel_url: restore(s.cancel_url),
        completion: status === 'complete' ? await completionOf(s, origin) : null,
      };
    },
  };
}

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
