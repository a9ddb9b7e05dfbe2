import { createHash } from 'node:crypto';

/** A static page of the sandbox's browser side: nothing in it is built from a request. */
export interface StaticPage {
  title: string;
  style: string;
  /** The markup inside <body>, before the script. */
  body: string;
  script: string;
}

export interface RenderedPage {
  html: string;
  /** Only this page's own inline style and script may run, and it may only call its own origin. */
  csp: string;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Puts a page together with a Content-Security-Policy that names the exact inline script
 * and style by hash. These pages handle a card number or a client secret: nothing injected
 * into them (by an extension or a future template mistake) may run or send data elsewhere.
 * `frame-ancestors` stays open because any merchant's page may embed them, as with Stripe.
 */
export function renderPage(page: StaticPage): RenderedPage {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${page.title}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>${page.style}</style></head>
<body>${page.body}
<script>${page.script}</script>
</body></html>`;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(page.script)}`,
    `style-src ${sha256(page.style)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return { html, csp };
}
