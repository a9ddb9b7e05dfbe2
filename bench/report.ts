import { READY_CHANGES } from './changes.js';
import { describeMachine } from './machine.js';
import type { MemoryData } from './memory.js';
import type { ReadyData } from './ready.js';
import { PARTS, type PartName, type PartResult, type Results, type Row } from './results.js';
import type { ServerData } from './server.js';
import { serverSection } from './server-report.js';
import type { SizeRow } from './size.js';

const HEADERS = ['what', 'figure', 'ratio (same run)', 'runs'] as const;
const cells = (row: Row) => [row.what, row.figure, row.ratio, row.runs];

/** The one table `npm run bench` prints: every row of the parts that ran, columns aligned. */
export function consoleTable(results: Results, parts: readonly PartName[]): string {
  const rows = parts.flatMap((part) => results[part]?.rows ?? []);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => cells(r)[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join(' │ ')
      .trimEnd();
  const ran = parts.filter((p) => results[p]);
  const machines = [...new Set(ran.map((p) => describeMachine(results[p]!.machine)))];
  const warnings = ran.flatMap((p) => results[p]!.warnings);
  return [
    ...machines.map((m) => `machine: ${m}`),
    `load average (1 min) when each part started: ${ran.map((p) => `${p} ${results[p]!.machine.loadAverage}`).join(', ')}`,
    '',
    line(HEADERS),
    widths.map((w) => '─'.repeat(w)).join('─┼─'),
    ...rows.map((r) => line(cells(r))),
    ...warnings.map((w) => `\nwarning: ${w}`),
  ].join('\n');
}

const escape = (text: string) => text.replace(/\|/g, '\\|');
const mdTable = (headers: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(escape).join(' | ')} |`)].join('\n');

/** How the machine was when a part started: its load, and its idle CPU after the wait for it to settle (older results have neither). */
const startedAt = (m: PartResult['machine']) =>
  `load average ${m.loadAverage}${m.idleAtStart !== undefined ? `, CPU ${Math.round(m.idleAtStart * 100)} % idle` : ''}${m.waitedSeconds !== undefined ? ` after ${m.waitedSeconds} s waiting for the machine to settle` : ''}`;

const measuredOn = (r: PartResult) =>
  `Measured ${r.at.slice(0, 16).replace('T', ' ')} UTC on ${describeMachine(r.machine)}; ${startedAt(r.machine)} when it started.`;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function sizeSection(r: PartResult<{ rows: SizeRow[]; versions: Record<string, string> }>): string {
  const files = r.data.rows.flatMap((row) => row.files.map((f) => [row.label, f.file, kb(f.minified), kb(f.gzip), kb(f.brotli)]));
  return `## Size

${measuredOn(r)}

Ours is \`packages/element/dist/flex-checkout.js\` as \`npm run build\` makes it (a Vite library
build to one minified IIFE): the file a page loads, with what both checkouts share in it. Its
three parts (the in-page steps, the hosted step, Spanish) are files of their own that it loads
from beside itself when a checkout needs them; each has its own row, and so does the file with
its in-page part and with its hosted part (what each checkout loads in all). Each alternative is bundled in the same run the same way
(\`bench/bundle.ts\`: Vite library build, one minified IIFE, target es2021,
\`process.env.NODE_ENV\` = production) from a tiny entry in \`bench/entries/\` that imports what
a merchant writes for a drop-in with cards; a stylesheet the entry imports is emitted beside it
and counted. Braintree's Drop-in fetches \`dropin.css\` from its CDN at start, so its entry imports
it to count it. Not counted for anyone: what loads at run time from the payment provider
(Stripe.js for us; Adyen's and Braintree's card-field frames and scripts). gzip level 9, brotli
quality 11. Versions: ${Object.entries(r.data.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.

${mdTable(['bundle', 'file', 'minified KB', 'gzip KB', 'brotli KB'], files)}
`;
}

function readySection(r: PartResult<ReadyData>): string {
  const row = (what: string, s: ReadyData['flex']) => [what, String(s.runs), s.median.toFixed(1), s.p95.toFixed(1), s.min.toFixed(1), s.max.toFixed(1)];
  return `## Time to ready and time to pay

${measuredOn(r)}

Headless Chromium (playwright-core, the flags in \`test/support/browser.ts\`), each run a new
browser context (nothing cached). The page is served on loopback from the same origin as the
real companion server (\`createFlexCheckout\` with the embedded sandbox, on fresh SQLite files),
as when the server is mounted on the merchant's backend; it loads the script tag from the
companion server (\`/flex/flex-checkout.js\`) and holds one \`<flex-checkout>\`, in two ways.
**Rendered with its first view**, as the docs show for a page the merchant's server renders:
the server sends the page's head (the script tag) at once, then the tag made by
\`flex.renderElement()\`, which puts the session's first view in it (what the element's first
read would answer, the questionnaire with it) and the in-page part's script tag before it,
so the browser reads nothing before the first step and the part has run when the tag is parsed. **The element
alone**, for a page that cannot do that: the element reads the session itself. The time is
the page's own \`performance.now()\` when \`flex-ready\` fires: from navigation start, through
the script (and the read) and the in-page part, to the health questions on screen. The
floor is the bare Lit element's bundle (from the size part) on the same kind of page, timed
at its first render; it reads nothing from a server. Runs alternate between the three. Time to pay: a session that opens on the card form,
card 4242 typed into the sandbox's card frame, then the time from the Pay click to
\`flex-complete\` (card token, confirm, session complete), a new session each run.

${mdTable(
  ['what', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms'],
  [
    row('flex-checkout, rendered with its first view: navigation → flex-ready', r.data.flex),
    ...(r.data.client ? [row('flex-checkout, the element alone: navigation → flex-ready', r.data.client)] : []),
    row('floor, bare Lit element: navigation → first render', r.data.bare),
    row('Pay click → flex-complete', r.data.pay),
  ],
)}

**What changed the time to ready**, each measured before and after on this machine:

${READY_CHANGES.map((c) => `- ${c}`).join('\n')}
${r.data.hosted ? hostedSection(r.data.hosted, row) : ''}`;
}

/** The hosted checkout's rows: its page inside the element, beside the same page reached by a redirect. */
function hostedSection(h: NonNullable<ReadyData['hosted']>, row: (what: string, s: ReadyData['flex']) => string[]): string {
  return `
### The hosted checkout

What Flex's merchants get today: the session's hosted page (the sandbox's \`/pay/c/{id}\`, as
Flex's \`redirect_url\`), shown either inside \`<flex-checkout>\` or by sending the shopper's
whole page to it. One hosted session, made by a second companion server on the same sandbox
with \`checkout: 'hosted'\` (its secret minted by that server), served on the same loopback
origin. **In the element**: the merchant's page holds \`<flex-checkout endpoint="/flex-hosted">\`,
written by that server's \`renderElement()\` with the hosted view in it; the element frames
the page at once, and shows the frame once it has loaded. **Redirect**: the merchant's checkout route answers 303 to the hosted page, as a Flex
merchant's does. Each run a new browser context; runs alternate. The time is from navigation
start of the merchant's URL (the redirect's own navigation entry counts from before the
redirect: ${h.redirectCounted ? 'checked in this run' : '**not confirmed in this run**'}) to the animation frame in which the
hosted page's first heading is laid out and visible, in the page itself or in the element's
frame once that frame is visible too: marks taken inside each document (an init script, as
absolute times, \`timeOrigin + now\`) so nothing waits on the test driver. *Drawn in the hidden
frame* is when the heading was drawn inside the element's frame, before the element showed it.

${mdTable(
  ['what', 'runs', 'median ms', 'p95 ms', 'min ms', 'max ms'],
  [
    row('flex-checkout: navigation → hosted page visible in the element', h.element),
    row('… of which: heading drawn in the hidden frame', h.elementPainted),
    row('full-page redirect (303): navigation → hosted page visible', h.redirect),
  ],
)}

In the element: **${(h.element.median / h.redirect.median).toFixed(2)}×** the redirect (median).
`;
}

function memorySection(r: PartResult<MemoryData>): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
  // Results measured before the warm-up was read apart have no warm-up figures: a dash.
  const opt = (n: number | undefined, f: (n: number) => string) => (n === undefined ? '—' : f(n));
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const row = (what: string, h: MemoryData['bare']) => [
    what,
    `${opt(h.warmup, String)} + ${h.cycles}`,
    mb(h.start),
    mb(h.afterOne),
    opt(h.afterWarmup, mb),
    mb(h.afterAll),
    opt(h.warmupPerCycle, kb),
    kb(h.perCycle),
  ];
  const leak = r.data.flexCardForm.perCycle > 50 * 1024 && r.data.flexQuestions.perCycle < 10 * 1024;
  return `## Memory

${measuredOn(r)}

One page per row in headless Chromium, with the script loaded and no element; then an element
is created, appended, awaited until ready (for the card form, until its card frame has loaded)
and removed, ${r.data.bare.warmup ?? 0} times to warm up and ${r.data.bare.cycles} times more. JS heap in use (CDP
\`Runtime.getHeapUsage\`) after two forced collections (\`HeapProfiler.collectGarbage\`): at the
start, after the first cycle (one-time costs: templates, styles, the Stripe.js stand-in), after
the warm-up and after the last. While V8 warms up it compiles and optimises the code a cycle
runs (machine code, feedback vectors, hidden classes): the heap grows with each cycle, more the
more code a cycle runs, and then levels off; *warm-up per cycle* is (after warm-up − after one) /
(warm-up − 1). *Per cycle* is (after all − after warm-up) / cycles: what each further mount and
unmount leaves behind.
${
  leak
    ? `
On the card form the heap grows with every cycle while on the health questions it does not:
what is kept is each removed card frame. The sandbox's Stripe.js stand-in
(\`packages/sandbox/src/browser/scripts/stripe-js.ts\`) keys its frame listeners by
\`iframe.contentWindow\` and deletes them by \`iframe.contentWindow\` at unmount, which is \`null\`
once the element has already left the page, so every frame's window stays referenced. Real
Stripe.js is not measured here.
`
    : ''
}
${mdTable(
  ['what', 'cycles', 'start MB', 'after one MB', 'after warm-up MB', 'after all MB', 'warm-up per cycle KB', 'per cycle KB'],
  [
    row('flex-checkout on the health questions', r.data.flexQuestions),
    row('flex-checkout on the card form (sandbox card frame)', r.data.flexCardForm),
    row('floor, bare Lit element', r.data.bare),
  ],
)}
`;
}

/** docs/performance.md, written from bench/results.json: every part measured so far. */
export function markdown(results: Results): string {
  const parts = PARTS.filter((p) => results[p]);
  const rows = parts.flatMap((p) => results[p]!.rows);
  const warnings = parts.flatMap((p) => results[p]!.warnings);
  const sections = {
    size: (r: PartResult) => sizeSection(r as PartResult<{ rows: SizeRow[]; versions: Record<string, string> }>),
    ready: (r: PartResult) => readySection(r as PartResult<ReadyData>),
    server: (r: PartResult) => serverSection(r as PartResult<ServerData>, measuredOn(r), mdTable),
    memory: (r: PartResult) => memorySection(r as PartResult<MemoryData>),
  } satisfies Record<PartName, (r: PartResult) => string>;
  return `# Performance

Written by \`npm run bench\` (\`bench/run.ts\`) from \`bench/results.json\`; run it again rather
than editing this page. \`npm run bench -- size\` (or \`ready\`, \`server\`, \`memory\`) reruns one
part and keeps the others' figures, each with the machine and time it was measured on.

Every figure comes from one run on one machine, and every ratio compares figures of the same
run. Machines differ and shared machines are noisy (the load average is given): compare the
ratios, not the absolute numbers, across machines. Each part starts once the machine has
settled (its CPU 80 % idle two seconds running, or after a minute), so one part's figures do
not carry the previous part's builds, browsers and servers. No test asserts these numbers; the one size
check in \`npm test\` is \`test/size/budget.test.ts\` (the script-tag file at most 16 KB gzipped,
with its in-page part at most 27 KB, with its hosted part at most 17 KB). Whether a change to the
element makes ready sooner is decided by \`npm run bench:compare\` (\`bench/compare.ts\`): paired
cold loads of the build before and after it, since a single \`-- ready\` run moves more than most
changes are worth.

${mdTable([...HEADERS], rows.map(cells))}
${warnings.length ? `\n${warnings.map((w) => `**Warning:** ${w}`).join('\n\n')}\n` : ''}
${parts.map((p) => sections[p](results[p]!)).join('\n')}`;
}
