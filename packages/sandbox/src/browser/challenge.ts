import { browserScript } from '../browser-script.js';
import type { StaticPage } from './page.js';

/**
 * The 3-D Secure test challenge (`GET /sandbox/challenge`), shown by the Stripe.js
 * stand-in's `handleNextAction` in a modal overlay, like Stripe's own test page: the
 * shopper plays the bank and completes or fails the authentication.
 *
 * The page's script is TypeScript in scripts/challenge.ts (how the client secret reaches it,
 * and whom it answers, is described there), so the type-checker and the linter see it; the
 * package's build compiles it, and browserScript (../browser-script.ts) puts the compiled
 * text inline in the page, under a hash-based Content-Security-Policy (page.ts).
 */

const style = String.raw`
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: #ffffff; }
body {
  display: flex; flex-direction: column; justify-content: center;
  padding: 24px 28px; color: #30313d;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.badge {
  display: inline-block; margin: 0 0 12px; padding: 2px 8px; border-radius: 4px;
  background: #fff4e5; color: #9c4d00; font-size: 12px; font-weight: 600; letter-spacing: 0.03em; text-transform: uppercase;
}
h1 { margin: 0 0 8px; font-size: 20px; }
p { margin: 0 0 12px; color: #54566b; }
#amount { color: #30313d; font-weight: 600; }
.buttons { display: flex; flex-direction: column; gap: 10px; margin-top: 8px; }
button {
  padding: 10px 14px; border-radius: 6px; border: 1px solid transparent;
  font: inherit; font-weight: 600; cursor: pointer;
}
button:focus-visible { outline: 3px solid rgba(5, 112, 222, 0.4); outline-offset: 2px; }
button:disabled { opacity: 0.55; cursor: default; }
#complete { background: #0570de; color: #ffffff; }
#fail { background: #ffffff; color: #df1b41; border-color: #df1b41; }
#status { min-height: 1.45em; margin: 12px 0 0; font-size: 14px; }
`;

const body = String.raw`
<main>
  <p class="badge">Test mode</p>
  <h1>3D Secure 2 Test Page</h1>
  <p>This is the sandbox standing in for the card's bank. No bank is contacted and no money moves.</p>
  <p id="amount" hidden></p>
  <div class="buttons">
    <button type="button" id="complete" disabled>Complete authentication</button>
    <button type="button" id="fail" disabled>Fail authentication</button>
  </div>
  <p id="status" role="status"></p>
</main>`;

export const challengePage = (): StaticPage => ({ title: '3D Secure 2 Test Page', style, body, script: browserScript('browser/scripts/challenge') });
