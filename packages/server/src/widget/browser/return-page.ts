/**
 * The return page's script (a module served at `{prefix}/return.js`, compiled by the
 * package's build). Flex's hosted page ends by redirecting to the session's success or cancel
 * URL; for a session checked out in `<flex-checkout>` that is this page, on the merchant's
 * origin, inside the element's frame. It tells the element, which then asks the companion
 * server where the session stands: the message is a hint, never proof of payment.
 *
 * In the top window (the shopper took the link fallback, or the page was opened alone) it
 * goes on to the merchant's own page, as Flex's redirect would have.
 */
const { kind, session, to } = document.body.dataset;

if (window.parent !== window) {
  // Nothing secret is in it: a session ID and which way the hosted page ended.
  window.parent.postMessage({ type: 'flex-checkout:return', kind: kind ?? null, checkoutSessionId: session ?? null }, '*');
} else if (to) {
  window.location.replace(to);
}

export {};
