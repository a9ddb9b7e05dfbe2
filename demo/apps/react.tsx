/**
 * The store's checkout page through `@flex-checkout/react`, as a React merchant writes it:
 * the backend put the session's client secret on the page; <FlexCheckout> does the rest.
 * Served at /assets/apps/react.js (built by demo/apps/build.ts).
 */
import { FlexCheckout, type FlexStepChangeDetail } from '@flex-checkout/react';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { readMount, STEP_NAMES } from './mount.js';

function Checkout({ clientSecret }: { clientSecret: string }) {
  const [step, setStep] = useState<FlexStepChangeDetail['step'] | null>(null);
  return (
    <>
      <FlexCheckout clientSecret={clientSecret} endpoint="/flex" locale="en" redirect="always" onStepChange={(event) => setStep(event.detail.step)} />
      <p className="muted small" aria-live="off">
        Rendered by <code>@flex-checkout/react</code> · step: <output data-step>{step ? STEP_NAMES[step] : 'loading'}</output>
      </p>
    </>
  );
}

const { root, clientSecret } = readMount();
createRoot(root).render(
  <StrictMode>
    <Checkout clientSecret={clientSecret} />
  </StrictMode>,
);
