import { createElement, version } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, inject, it, vi } from 'vitest';
import { FlexCheckout } from '@flex-checkout/react';
import { attributeOf } from '../support/html.js';

/**
 * `@flex-checkout/react` rendered on the server (Node, no DOM), as Next.js or any SSR does.
 * Runs in `node` (React 19) and in `react18-ssr` (react and react-dom resolved to 18.3).
 */
describe(`@flex-checkout/react server rendering on React ${version}`, () => {
  it(`runs on the React this project names`, () => {
    expect(version.split('.')[0]).toBe(inject('reactMajor') ?? '19');
  });

  it('renders the tag with its attributes, no callbacks or objects, and touches no window', () => {
    expect(typeof window).toBe('undefined');
    const onComplete = vi.fn();
    const html = renderToString(
      createElement(FlexCheckout, {
        clientSecret: 'fcs_01TEST_secret_abc',
        endpoint: '/api/flex',
        locale: 'es',
        theme: 'dark',
        appearance: { variables: { colorPrimary: '#0a7d5a' } },
        onComplete,
        className: 'checkout',
      }),
    );
    expect(html).toBe(
      '<flex-checkout class="checkout" client-secret="fcs_01TEST_secret_abc" endpoint="/api/flex" locale="es" theme="dark" redirect="never"></flex-checkout>',
    );
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    expect(onComplete).not.toHaveBeenCalled();
  });

  it("carries the session's first view in the tag, escaped, for the element to start from", () => {
    const view = { checkout: 'in-page', checkout_session_id: 'fcs_01TEST', line_items: [{ name: 'Grip & "Pro" <bar>' }] };
    const html = renderToString(createElement(FlexCheckout, { clientSecret: 'fcs_01TEST_secret_abc', sessionView: view }));
    expect(html).toMatch(/^<flex-checkout [^<>]*><\/flex-checkout>$/);
    expect(JSON.parse(attributeOf(html, 'session-view')!)).toEqual(view);
  });

  it('defaults are rendered too, so an element that upgrades before hydration starts with the same settings', () => {
    expect(renderToString(createElement(FlexCheckout, { clientSecret: 'fcs_01TEST_secret_abc' }))).toBe(
      '<flex-checkout client-secret="fcs_01TEST_secret_abc" endpoint="/flex" locale="auto" theme="light" redirect="never"></flex-checkout>',
    );
  });
});
