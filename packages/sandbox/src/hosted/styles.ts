/**
 * The hosted checkout's stylesheet. Served inline with a hash-based CSP (with the page's
 * own rules for conditional questions appended; see views/questions.ts). It is laid out to
 * be framed: no outer margin, a narrow single column that fits a 320 px phone.
 */
export const HOSTED_STYLES = `
:root { color-scheme: light; --primary: #1d4ed8; --text: #111827; --muted: #4b5563; --border: #8a93a3; --danger: #b91c1c; --surface: #f6f7f9; }
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); }
main { max-width: 34rem; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.25rem; margin: 0 0 12px; }
h2 { font-size: 1.05rem; margin: 20px 0 8px; }
p { margin: 0 0 12px; }
.muted { color: var(--muted); font-size: 0.9rem; }
.test { background: #fff7d6; border: 1px solid #d9b300; border-radius: 6px; padding: 6px 10px; font-size: 0.85rem; }
.summary { background: var(--surface); border-radius: 8px; padding: 12px; margin: 0 0 16px; }
.summary ul { list-style: none; margin: 0; padding: 0; }
.row { display: flex; justify-content: space-between; gap: 12px; }
.total { font-weight: 600; border-top: 1px solid #d6dae1; margin-top: 8px; padding-top: 8px; }
fieldset { border: 0; margin: 0 0 16px; padding: 0; min-width: 0; }
legend, .label { display: block; font-weight: 600; margin: 0 0 6px; padding: 0; }
.field { margin: 0 0 16px; }
.choice { display: flex; align-items: flex-start; gap: 8px; padding: 4px 0; }
.choice input { margin-top: 4px; flex: none; width: 18px; height: 18px; }
input[type=text], input[type=email], input[type=tel], input[type=date], select {
  display: block; width: 100%; font: inherit; padding: 10px 12px; border: 1px solid var(--border); border-radius: 6px; background: #fff; color: var(--text);
}
input:focus-visible, select:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid var(--primary); outline-offset: 2px; }
[aria-invalid=true] { border-color: var(--danger); }
.help { color: var(--muted); font-size: 0.9rem; margin: 0 0 6px; }
.error { color: var(--danger); font-size: 0.9rem; margin: 6px 0 0; }
.alert { border: 2px solid var(--danger); border-radius: 8px; padding: 10px 12px; margin: 0 0 16px; }
.alert ul { margin: 6px 0 0; padding-left: 20px; }
/* A block link, not inline-block: the bullet then sits at its first line (an inline-block's
   baseline is its last line), and the link keeps its 24 px target height (WCAG 2.5.8). */
.alert a { color: var(--danger); display: block; min-height: 24px; padding: 2px 0; }
.alert li + li { margin-top: 4px; }
.notice { background: var(--surface); border-radius: 8px; padding: 10px 12px; margin: 0 0 16px; }
/* Two columns only when each is at least 10rem, the widest label in a row (messages.ts) on one
   line; narrower (a phone's frame, larger text), the row stacks. */
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 10rem), 1fr)); gap: 12px; }
button { font: inherit; font-weight: 600; border-radius: 6px; padding: 12px 16px; cursor: pointer; }
.primary { width: 100%; background: var(--primary); color: #fff; border: 0; }
.secondary { width: 100%; background: #fff; color: var(--primary); border: 1px solid var(--primary); margin-top: 8px; }
.links { margin-top: 16px; text-align: center; }
a { color: var(--primary); }
.q[data-conditional] { display: none; }
`;
