import { html } from 'hono/html';
import type { HostedMessages } from '../messages.js';
import type { Html } from './layout.js';

/** One entry of the error summary: the field it links to, the field's label, what is wrong. */
export interface Problem {
  /** The ID of the input (or first option) the entry moves focus to. */
  target: string;
  label: string;
  message: string;
}

/**
 * An entry's words: the field's label, then the problem. Most messages are generic ("Fill in
 * this field.") so the label stays, first, which is also how a screen reader's list of links
 * tells the entries apart. A label that already ends a sentence (a question's "…?", a
 * statement's ".") is followed by a space, not a colon, so it never reads "…?: …".
 */
export const problemText = (label: string, message: string): string => {
  const name = label.trim();
  return /[.?!:;…]$/.test(name) ? `${name} ${message}` : `${name}: ${message}`;
};

/**
 * The list of problems above a refused form (focused by the page's script): one link per
 * field, in the form's order. Nothing when there are none.
 */
export function problemSummary(t: HostedMessages, problems: readonly Problem[]): Html | '' {
  if (problems.length === 0) return '';
  return html`<div class="alert" id="problems" tabindex="-1" role="alert">
    <p>${t.fixErrors}</p>
    <ul>${problems.map((p) => html`<li><a href="#${p.target}">${problemText(p.label, p.message)}</a></li>`)}</ul>
  </div>`;
}
