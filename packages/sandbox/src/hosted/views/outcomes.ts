import { html } from 'hono/html';
import type { HostedMessages } from '../messages.js';
import type { Html } from './layout.js';

/** A page with words and at most one way on: denied, pending, expired, complete, not found. */
export function message(paragraphs: string[], link?: { href: string; label: string } | null): Html {
  return html`${paragraphs.map((p) => html`<p>${p}</p>`)}
    ${link ? html`<p><a href="${link.href}" target="_self">${link.label}</a></p>` : ''}`;
}

/** The sandbox's 3-D Secure test challenge, a step of the hosted page: the tester picks the outcome. */
export function authenticateForm(t: HostedMessages, action: string, body: string): Html {
  return html`<p>${body}</p>
    <form method="post" action="${action}">
      <button class="primary" type="submit" name="result" value="complete">${t.authComplete}</button>
      <button class="secondary" type="submit" name="result" value="fail">${t.authFail}</button>
    </form>`;
}
