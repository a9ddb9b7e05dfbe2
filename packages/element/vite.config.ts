import { defineConfig, type Plugin } from 'vite';

/**
 * Lit's `css` templates are strings to the minifier, which leaves their comments and
 * whitespace. This strips them from the stylesheet templates before bundling: only comments,
 * runs of whitespace, and the spaces around `{ } ; : , >` go, which no CSS depends on (spaces
 * inside values such as `calc(a * b)` stay single spaces).
 */
function minifyCssLiterals(): Plugin {
  return {
    name: 'flex-minify-css-literals',
    transform(code, id) {
      if (!/\/src\/.+\.ts$/.test(id) || !code.includes('css`')) return null;
      return code.replace(/css`([^`]*)`/g, (_whole, body: string) => {
        const minified = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};:,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${minified}\``;
      });
    },
  };
}

/**
 * The script-tag build: one self-contained, minified file that registers <flex-checkout>
 * (`dist/flex-checkout.js`). The ES modules for npm come from tsc.
 */
export default defineConfig({
  plugins: [minifyCssLiterals()],
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
