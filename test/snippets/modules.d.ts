// Modules the docs' examples import that this repository does not have: ambient, so no import here.
// A Next.js app's own module (`@/lib/flex`, from the example before it on the page).
declare module '@/lib/flex' {
  export const flex: Promise<import('@flex-checkout/server').FlexCheckout>;
}
// Vite's Vue plugin, as its package types it (not installed in this repository).
declare module '@vitejs/plugin-vue' {
  const vue: (options?: { template?: { compilerOptions?: { isCustomElement?: (tag: string) => boolean } } }) => unknown;
  export default vue;
}
