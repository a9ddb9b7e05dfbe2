const loading = new Map<string, Promise<void>>();

/**
 * Adds a classic script to the page once per URL and settles when it has run. A failed load
 * (offline, blocked) is forgotten, so the next call tries afresh. The script-tag build loads
 * its parts with it (lazy.script-tag.ts), and the in-page steps the sandbox's Stripe.js
 * stand-in (in-page/payment.ts): one loader, in the main file, for both.
 */
export function loadScript(src: string, nonce = ''): Promise<void> {
  let pending = loading.get(src);
  if (!pending) {
    pending = new Promise((resolve, reject) => {
      const tag = document.createElement('script');
      tag.src = src;
      // A page whose CSP allows scripts by nonce allows this one by the same nonce.
      tag.nonce = nonce;
      // What the checkout waits for: a script added by a script is otherwise fetched at low
      // priority, after the page's other requests (Chromium answered it last, after the session).
      tag.fetchPriority = 'high';
      tag.onload = () => resolve();
      tag.onerror = () => {
        loading.delete(src);
        tag.remove();
        reject(new Error(`${src} could not be loaded`));
      };
      document.head.append(tag);
    });
    loading.set(src, pending);
  }
  return pending;
}
