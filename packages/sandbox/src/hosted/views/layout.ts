import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Language } from '../../language.js';
import type { HostedMessages } from '../messages.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface PageParts {
  language: Language;
  t: HostedMessages;
  /** The `<h1>`. */
  heading: string;
  /** The order summary, when the page shows one. */
  summary?: Html;
  body: Html;
  /** Where "Cancel and return to the store" goes: the session's cancel_url. */
  cancelUrl?: string | null;
  /** The page's own style rules (conditional questions), after the common ones. */
  css: string;
  /** The hosted page's module script (frame height, focus on errors). */
  scriptUrl: string;
  /**
   * Whether the page tells a framing parent its height (`flex-sandbox:resize`): the sandbox's
   * extension, so not in the flex profile, where the page is only what Flex documents.
   */
  reportsHeight: boolean;
}

/** The page around every step: one column, the test-mode banner, the step, the way out. */
export function layout(p: PageParts): Html {
  return html`<!doctype html>
<html lang="${p.language}"${p.reportsHeight ? raw(' data-reports-height') : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${p.heading} · ${p.t.title}</title>
<style>${raw(p.css)}</style>
<script type="module" src="${p.scriptUrl}"></script>
</head>
<body>
<main>
<p class="test">${p.t.testMode}</p>
<h1 id="heading" tabindex="-1">${p.heading}</h1>
${p.summary ?? ''}
${p.body}
${p.cancelUrl ? html`<p class="links"><a href="${p.cancelUrl}" target="_self">${p.t.cancel}</a></p>` : ''}
</main>
</body>
</html>`;
}
