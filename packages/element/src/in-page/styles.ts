import { css } from '../runtime.js';

/**
 * The in-page steps' own rules (questions, the address, the card form), added to the
 * element's stylesheet when this part loads (step.ts); the rest is in ../styles.ts.
 */
export const inPageStyles = css`
  /* The forms' fields (only the in-page steps have any). */
  form { display: grid; gap: calc(var(--_space) * 0.875); }
  label.field-label { font-weight: 600; padding: 0; margin-bottom: 2px; }
  input[type='text'], input[type='email'], input[type='tel'], select {
    font: inherit; color: var(--_text); background: var(--_bg); width: 100%; min-height: 44px;
    padding: 8px 12px; border: 1px solid var(--_border); border-radius: var(--_radius);
  }
  input:focus-visible, select:focus-visible, .choice:focus-within { outline: 3px solid var(--_ink); outline-offset: 2px; }
  [aria-invalid='true'] { border-color: var(--_danger) !important; }
  button.primary[aria-disabled='true'] { opacity: 0.6; cursor: progress; }
  .field-error { color: var(--_danger); font-size: 0.875rem; margin: 0; }
  /* Focused so a screen reader reads it (a declined card), like a step's heading: not a control, so no ring. */
  [data-focus] { outline: none; }
  flex-checkout-promo { display: block; }
  .promo { grid-template-columns: 1fr auto; align-items: center; gap: 4px 12px; margin-top: 12px; }
  .promo > label, .promo > .field-error { grid-column: 1 / -1; }
  /* The applied code and its Remove button share a line when they fit; else the button goes below. */
  .row.promo-applied { flex-wrap: wrap; gap: 4px 12px; margin-top: 8px; }
  fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 6px; min-width: 0; }
  legend { font-weight: 600; padding: 0; margin-bottom: 2px; }
  fieldset.address { gap: calc(var(--_space) * 0.875); margin-top: 8px; }
  fieldset.address > legend { font-size: 1.0625rem; margin-bottom: 8px; }
  .date-parts { display: flex; flex-wrap: wrap; gap: 12px; }
  .date-part { display: grid; gap: 4px; }
  .date-part input[type='text'] { width: 4.5em; }
  .date-part.year input[type='text'] { width: 6.5em; }
  .help { font-size: 0.875rem; color: var(--_muted); margin: 0; }
  .choice { display: flex; gap: 10px; align-items: center; min-height: 40px; padding: 6px 10px; border: 1px solid var(--_border); border-radius: var(--_radius); cursor: pointer; }
  .choice input { width: 18px; height: 18px; margin: 0; accent-color: var(--_primary); flex: none; }
  .notice { border-left: 4px solid var(--_ink); background: var(--_surface); padding: 10px 12px; border-radius: 4px; font-size: 0.9375rem; }
  .payment-slot { display: block; min-height: 220px; }
  form.pay { margin-top: 16px; }
`;

/**
 * Adds the rules to the shadow root the steps render in, once. A constructed stylesheet where
 * the browser has them (a strict CSP allows those); else a <style> carrying Lit's nonce, as Lit
 * itself does.
 */
export function adoptInPageStyles(root: Node): void {
  if (!(root instanceof ShadowRoot)) return;
  const sheet = inPageStyles.styleSheet;
  if (sheet) {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else if (!root.querySelector('style[data-in-page]')) {
    const style = document.createElement('style');
    style.dataset.inPage = '';
    const nonce = (globalThis as { litNonce?: string }).litNonce;
    if (nonce) style.setAttribute('nonce', nonce);
    style.textContent = inPageStyles.cssText;
    root.append(style);
  }
}
