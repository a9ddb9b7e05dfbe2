import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe-core over the page (it walks open shadow roots) and fails with a readable list of
 * what it found. WCAG 2.x A and AA rules, plus best practices.
 */
export async function expectNoAxeViolations(where: string): Promise<void> {
  const result = await axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    // The test page itself is not the product: it has no <main> or <h1>; the element is what is checked.
    rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } },
  });
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(found, `axe found problems in ${where}`).toEqual([]);
}
