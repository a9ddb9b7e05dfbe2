import type {
  ClientSession,
  ConfirmResult,
  ConsultationAnswer,
  ConsultationAnswers,
  ErrorDetail,
  Questionnaire,
  SessionStatusAnswer,
  ShippingDetailsRequest,
  StoredCardConsent,
  WidgetSession,
} from '@flex-checkout/protocol';

/** A failed call: the server's `detail` list when it answered, none when the network failed or the answer was not JSON. */
export class CheckoutApiError extends Error {
  constructor(
    /** 0 when no answer arrived (offline, connection lost). */
    readonly status: number,
    readonly detail: ErrorDetail[],
    /** Seconds the server asked us to wait (`Retry-After` in seconds, as the companion server sends it), else 0. */
    readonly retryAfter = 0,
  ) {
    super(detail[0]?.msg ?? (status === 0 ? 'network error' : status < 400 ? 'not JSON' : `HTTP ${status}`));
  }
  get type(): string | undefined {
    return this.detail[0]?.type;
  }
  /** Worth retrying as is: nothing answered, the server failed, or it asked us to slow down. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export type { ConsultationAnswer };
export type ConfirmAnswer = ConfirmResult;

const READ_RETRY_DELAYS_MS = [300, 1000, 3000];
/** A `Retry-After` longer than this is not waited out behind a spinner: the shopper is told, and may try again. */
const MAX_RETRY_AFTER_S = 10;

/**
 * The widget's calls to the companion server (`endpoint`, `/flex` by default), each with the
 * session's client secret. Reads retry transient failures with backoff; writes never retry
 * by themselves (a confirm is retried only with its own Idempotency-Key, by the caller).
 */
export function createCheckoutApi(endpoint: string, clientSecret: string, signal: AbortSignal, language: () => string = () => 'en') {
  const sessionId = clientSecret.split('_secret_')[0] ?? '';
  const base = `${endpoint.replace(/\/+$/, '')}/sessions/${encodeURIComponent(sessionId)}`;

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        signal,
        credentials: 'same-origin',
        // The shopper's language, for what the upstream writes (the questionnaire, a decision's reason).
        headers: {
          authorization: `Bearer ${clientSecret}`,
          'accept-language': language(),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new CheckoutApiError(0, []);
    }
    const json = (await res.json().catch(() => null)) as { detail?: ErrorDetail[] } | null;
    // Not JSON, even with a 2xx: not the companion server (a wrong endpoint on a server that answers every path with a page).
    if (!res.ok || !json) throw new CheckoutApiError(res.status, Array.isArray(json?.detail) ? json.detail : [], Number(res.headers.get('retry-after')) || 0);
    return json as T;
  }

  async function read<T>(path: string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call<T>('GET', path);
      } catch (error) {
        const delay = READ_RETRY_DELAYS_MS[attempt];
        if (!(error instanceof CheckoutApiError) || !error.transient || delay === undefined) throw error;
        // Never sooner than the server asked (Flex busy: its Retry-After, passed on).
        if (error.retryAfter > MAX_RETRY_AFTER_S) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.max(delay, error.retryAfter * 1000)));
        if (signal.aborted) throw error;
      }
    }
  }

  return {
    sessionId,
    /** The session's view: in-page or hosted (see protocol's WidgetSession). */
    session: () => read<{ checkout_session: WidgetSession }>('').then((r) => r.checkout_session),
    status: () => read<SessionStatusAnswer>('/status'),
    questionnaire: () => read<{ questionnaire: Questionnaire }>('/questionnaire').then((r) => r.questionnaire),
    consult: (answers: ConsultationAnswers) => call<ConsultationAnswer>('POST', '/consultation', { answers }),
    details: (details: { email: string; first_name: string; last_name: string; phone: string | null }) =>
      call<{ checkout_session: ClientSession }>('POST', '/details', details).then((r) => r.checkout_session),
    /** The address step: the session priced again with it (the upstream may charge shipping by it). */
    shippingDetails: (address: ShippingDetailsRequest) =>
      call<{ checkout_session: ClientSession }>('POST', '/shipping_details', address).then((r) => r.checkout_session),
    /** A promo code the shopper typed, or null to remove the one applied: the session priced again. */
    promotionCode: (code: string | null) => call<{ checkout_session: ClientSession }>('POST', '/promotion_code', { code }).then((r) => r.checkout_session),
    /** `consent`: the stored-credential terms shown above the button, when the card is kept. */
    confirm: (confirmationToken: string, idempotencyKey: string, consent?: StoredCardConsent) =>
      call<ConfirmAnswer>(
        'POST',
        '/confirm',
        { confirmation_token: confirmationToken, ...(consent ? { consent } : {}) },
        { 'idempotency-key': idempotencyKey },
      ),
    cancel: () => call<{ checkout_session: WidgetSession }>('POST', '/cancel').then((r) => r.checkout_session),
  };
}

export type CheckoutApi = ReturnType<typeof createCheckoutApi>;
