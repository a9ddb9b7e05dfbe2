import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';

// addon-vitest runs each story as a test: the preview's annotations (a11y 'error': axe-core
// must find nothing) and its play function. On top of that: no console errors.
let errors: MockInstance<typeof console.error>;
beforeEach(() => {
  errors = vi.spyOn(console, 'error');
});
afterEach(() => {
  const calls = errors.mock.calls.map((args) => args.map(String).join(' '));
  errors.mockRestore();
  expect(calls, 'console.error during the story').toEqual([]);
});
