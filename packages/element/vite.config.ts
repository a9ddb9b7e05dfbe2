import { defineConfig } from 'vite';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';

/**
 * The script-tag build: one self-contained, minified file that registers <flex-checkout>
 * (`dist/flex-checkout.js`). The ES modules for npm come from tsc.
 */
export default defineConfig({
  // Lit's html`` and css`` templates are strings to the minifier, which keeps their
  // indentation and comments; this minifies them as markup and stylesheets (with source maps).
  plugins: [minifyTemplateLiterals({ include: ['src/**/*.ts'], failOnError: true })],
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
