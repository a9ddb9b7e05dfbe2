import { defineConfig } from 'vite';

/**
 * The script-tag build: one self-contained, minified file that registers <flex-checkout>
 * (`dist/flex-checkout.js`). The ES modules for npm come from tsc.
 */
export default defineConfig({
  build: {
    lib: {
      entry: 'src/define.ts',
      name: 'FlexCheckoutElement',
      formats: ['iife'],
      fileName: () => 'flex-checkout.js',
    },
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2021',
    minify: true,
    sourcemap: true,
  },
});
