import { css } from 'lit';

/**
 * One stylesheet for the element and its steps (they render inside its shadow root).
 * Appearance comes from `--flex-*` custom properties; the same values are handed to the
 * payment frame so it matches.
 */
export const styles = css`
  :host {
    --_primary: var(--flex-color-primary, #1d4ed8);
    --_ink: var(--_primary);
    --_on-primary: var(--flex-color-on-primary, #ffffff);
    --_bg: var(--flex-color-background, #ffffff);
    --_surface: var(--flex-color-surface, #f6f7f9);
    --_text: var(--flex-color-text, #111827);
    --_muted: var(--flex-color-muted, #4b5563);
    --_border: var(--flex-color-border, #c9ced6);
    --_danger: var(--flex-color-danger, #b91c1c);
    --_success: var(--flex-color-success, #047857);
    --_radius: var(--flex-radius, 8px);
    --_space: var(--flex-spacing, 16px);
    --_font: var(--flex-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    display: block;
    container-type: inline-size;
    color: var(--_text);
    font: 16px/1.5 var(--_font);
    min-width: 280px;
    /* Native controls (checkboxes, the date picker, selects) follow the theme too. */
    color-scheme: light;
  }
  /* The dark palette: for theme="dark", and for theme="auto" when the system is dark (the same
   * declarations twice: a stylesheet cannot name one block under two conditions). */
  :host([theme='dark']) {
    color-scheme: dark;
    --_primary: var(--flex-color-primary, #93b4ff);
    --_on-primary: var(--flex-color-on-primary, #0b1220);
    --_bg: var(--flex-color-background, #111827);
    --_surface: var(--flex-color-surface, #1f2937);
    --_text: var(--flex-color-text, #f3f4f6);
    --_muted: var(--flex-color-muted, #c2c8d2);
    --_border: var(--flex-color-border, #4b5563);
    --_danger: var(--flex-color-danger, #fca5a5);
    --_success: var(--flex-color-success, #6ee7b7);
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      color-scheme: dark;
      --_primary: var(--flex-color-primary, #93b4ff);
      --_on-primary: var(--flex-color-on-primary, #0b1220);
      --_bg: var(--flex-color-background, #111827);
      --_surface: var(--flex-color-surface, #1f2937);
      --_text: var(--flex-color-text, #f3f4f6);
      --_muted: var(--flex-color-muted, #c2c8d2);
      --_border: var(--flex-color-border, #4b5563);
      --_danger: var(--flex-color-danger, #fca5a5);
      --_success: var(--flex-color-success, #6ee7b7);
    }
  }
  /* Text on the primary colour, when the page does not set it: black or white by the primary's
   * lightness (OKLCH L over 0.62 is light), so a brand colour set for one theme stays readable in
   * the other. Where relative colours are not supported, the palettes' own pairs above stand. */
  /* The primary as ink (links, focus rings, the notice's rule) is held to a lightness that
   * reads on the panel: at most 0.55 on light, at least 0.72 on dark (4.5:1 and more), so a
   * brand colour set for one theme is still seen in the other. Buttons keep the colour as set. */
  @supports (color: oklch(from red l c h)) {
    :host([theme]) {
      --_on-primary: var(--flex-color-on-primary, oklch(from var(--_primary) calc((.62 - l)*1e3) 0 0));
      --_ink: oklch(from var(--_primary) min(l, .55) c h);
    }
    :host([theme='dark']) { --_ink: oklch(from var(--_primary) max(l, .72) c h); }
    @media (prefers-color-scheme: dark) {
      :host([theme='auto']) { --_ink: oklch(from var(--_primary) max(l, .72) c h); }
    }
  }
  * { box-sizing: border-box; }
  .layout { display: grid; gap: var(--_space); grid-template-columns: 1fr; }
  /*
   * Wide: the summary on the left, the form beside it, as on a receipt. The summary comes
   * first in the DOM too, so the reading and Tab order match what is seen at every width.
   */
  @container (min-width: 720px) {
    .layout { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); align-items: start; }
    .summary-host { position: sticky; top: var(--_space); }
  }
  .summary-host { display: block; }
  .panel { background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); padding: var(--_space); }
  .summary { background: var(--_surface); }
  h2 { font-size: 1.25rem; line-height: 1.3; margin: 0 0 calc(var(--_space) * 0.75); outline: none; }
  p { margin: 0 0 12px; }
  .muted { color: var(--_muted); font-size: 0.9375rem; }
  summary { cursor: pointer; font-weight: 600; min-height: 44px; display: flex; align-items: center; }
  .lines { list-style: none; margin: 12px 0; padding: 0; display: grid; gap: 10px; }
  .line, .row { display: flex; justify-content: space-between; gap: 12px; }
  .line > :last-child, .row > :last-child { white-space: nowrap; text-align: end; }
  .row.total { font-weight: 700; border-top: 1px solid var(--_border); padding-top: 8px; margin-top: 4px; }
  .badge { display: inline-block; border-radius: 6px; padding: 3px 10px; font-size: 0.8125rem; font-weight: 600; background: var(--_bg); border: 1px solid var(--_success); color: var(--_success); }
  .badge.none { border-color: var(--_border); color: var(--_muted); }
  .row .note { display: block; font-size: 0.8125rem; color: var(--_muted); }
  button:focus-visible, summary:focus-visible, a:focus-visible {
    outline: 3px solid var(--_ink); outline-offset: 2px;
  }
  button.primary {
    font: inherit; font-weight: 700; width: 100%; min-height: 48px; border: 0; border-radius: var(--_radius);
    background: var(--_primary); color: var(--_on-primary); cursor: pointer; padding: 10px 16px;
  }
  button.link, a.link { font: inherit; background: none; border: 0; padding: 0; color: var(--_ink); text-decoration: underline; cursor: pointer; min-height: 44px; }
  .alert { border-left: 4px solid var(--_danger); background: var(--_surface); padding: 10px 12px; border-radius: 4px; color: var(--_text); }
  /*
   * The hosted checkout's frame: as tall as the hosted page says it is (set by the step), else
   * about a screen, so at 320 px and on a desktop the shopper scrolls the page, not the frame.
   */
  .hosted { position: relative; display: grid; gap: 8px; }
  /* content-box: the height the hosted page reports is its content's, borders aside. */
  .hosted-frame { display: block; box-sizing: content-box; width: calc(100% - 2px); height: max(560px, calc(100dvh - 2 * var(--_space))); border: 1px solid var(--_border); border-radius: var(--_radius); background: #fff; }
  .hosted-frame.is-loading { visibility: hidden; }
  .hosted-loading { position: absolute; inset: 0 0 auto 0; margin: 0; padding: var(--_space); display: flex; align-items: center; }
  .hosted-elsewhere { margin: 0; }
  a.primary-link { display: flex; align-items: center; justify-content: center; min-height: 48px; border-radius: var(--_radius);
    background: var(--_primary); color: var(--_on-primary); font-weight: 700; text-decoration: none; padding: 10px 16px; }
  .skeleton { display: grid; gap: 12px; }
  .bone { height: 16px; border-radius: 6px; background: color-mix(in srgb, var(--_border) 45%, transparent); }
  .bone.tall { height: 44px; }
  /* Sizes by class, never by style attribute: a strict CSP (style-src 'self') forbids those. */
  .bone.w40 { width: 40%; }
  .bone.w60 { width: 60%; }
  .bone.w70 { width: 70%; }
  .bone.button { height: 48px; }
  .bone.summary-line { height: 28px; margin: 8px 0; }
  .bone.summary-title { width: 55%; height: 24px; margin: 10px 0; }
  p.after { margin-top: 12px; }
  .done-mark { display: inline-grid; place-items: center; width: 40px; height: 40px; border-radius: 50%; margin-bottom: 8px;
    background: var(--_success); color: var(--_bg); font-size: 22px; font-weight: 700; }
  .actions { display: flex; flex-wrap: wrap; gap: 12px 20px; align-items: center; }
  @media (prefers-reduced-motion: no-preference) {
    .bone { animation: pulse 1.4s ease-in-out infinite; }
    @keyframes pulse { 50% { opacity: 0.55; } }
  }
  .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  .spinner { display: inline-block; width: 18px; height: 18px; border: 3px solid var(--_border); border-top-color: var(--_primary); border-radius: 50%; vertical-align: -3px; margin-right: 8px; }
  @media (prefers-reduced-motion: no-preference) { .spinner { animation: spin 0.8s linear infinite; } @keyframes spin { to { transform: rotate(1turn); } } }
`;
