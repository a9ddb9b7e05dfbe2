import type { FlexStepChangeDetail } from '@flex-checkout/element';

/** What the checkout page's server-rendered mount point hands the app: where, and which session. */
export function readMount(): { root: HTMLElement; clientSecret: string } {
  const root = document.getElementById('flex-app');
  const clientSecret = root?.dataset.clientSecret;
  if (!root || !clientSecret) throw new Error('The checkout page has no #flex-app with a data-client-secret.');
  return { root, clientSecret };
}

export const STEP_NAMES: Record<FlexStepChangeDetail['step'], string> = {
  loading: 'loading',
  consultation: 'consultation',
  decision: 'decision',
  details: 'your details',
  payment: 'payment',
  processing: 'processing',
  hosted: 'secure checkout',
  complete: 'complete',
  expired: 'expired',
  error: 'error',
};
