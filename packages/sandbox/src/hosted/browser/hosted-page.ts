/**
 * The hosted checkout page's only script (a module, served from /pay/assets/ and compiled by
 * the package's build). The page works without it: forms post and the server answers with
 * the next step. It adds two things:
 *
 * - After a refused submission, focus moves to the list of problems, so a screen reader
 *   reads it and a keyboard user starts from it.
 * - Framed in a merchant's page, it tells the parent how tall the page is
 *   (`{type: "flex-sandbox:resize", height}`), so the frame can be sized to it and the shopper
 *   scrolls one page, not two. Flex documents no such message: the sandbox adds it (not in
 *   its flex profile, whose page has no `data-reports-height`), and `<flex-checkout>` uses it
 *   only for the frame's height, never to decide anything; without it the frame keeps its
 *   own height and the hosted page scrolls inside it.
 */
const problems = document.querySelector<HTMLElement>('.alert');
problems?.focus();

if (window.parent !== window && document.documentElement.hasAttribute('data-reports-height')) {
  let last = 0;
  const report = (): void => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'flex-sandbox:resize', height }, '*');
  };
  new ResizeObserver(report).observe(document.documentElement);
  report();
}

export {};
