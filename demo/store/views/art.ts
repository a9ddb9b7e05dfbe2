import { html, raw } from 'hono/html';
import type { CatalogItem } from '../catalog.js';

/** Simple line drawings for the product tiles (decorative: hidden from assistive tech). */
const DRAWINGS: Record<CatalogItem['art'], string> = {
  dumbbell:
    '<path d="M10 26h4v-8h4v28h-4v-8h-4zM54 26h-4v-8h-4v28h4v-8h4zM18 30h28v4H18z"/><rect x="22" y="14" width="6" height="36" rx="2"/><rect x="36" y="14" width="6" height="36" rx="2"/>',
  coach: '<circle cx="32" cy="16" r="7"/><path d="M20 54V34a12 12 0 0 1 24 0v20h-6V38h-12v16z"/><path d="M10 30l10-4v5l-10 4zM54 30l-10-4v5l10 4z"/>',
  drop: '<path d="M32 8C24 22 16 31 16 40a16 16 0 0 0 32 0c0-9-8-18-16-32z"/><path fill="#fff" opacity=".5" d="M24 40a8 8 0 0 0 8 8v-4a4 4 0 0 1-4-4z"/>',
  jar: '<rect x="18" y="12" width="28" height="8" rx="2"/><rect x="14" y="22" width="36" height="32" rx="6"/><rect fill="#fff" opacity=".5" x="20" y="32" width="24" height="10" rx="2"/>',
  sun: '<circle cx="32" cy="32" r="11"/><path d="M30 6h4v9h-4zM30 49h4v9h-4zM6 30h9v4H6zM49 30h9v4h-9zM13.6 16.4l2.8-2.8 6.4 6.4-2.8 2.8zM41.2 44l2.8-2.8 6.4 6.4-2.8 2.8zM16.4 50.4l-2.8-2.8 6.4-6.4 2.8 2.8zM44 22.8 41.2 20l6.4-6.4 2.8 2.8z"/>',
  bag: '<path d="M14 24h36l-3 30H17z"/><path fill="none" stroke="currentColor" stroke-width="4" d="M24 28V20a8 8 0 0 1 16 0v8"/>',
};

export function productArt(item: CatalogItem, size: 'tile' | 'large' = 'tile') {
  return html`<div class="art art-${size}" style="--hue:${item.hue}" aria-hidden="true">
    <svg viewBox="0 0 64 64" fill="currentColor" focusable="false">${raw(DRAWINGS[item.art])}</svg>
  </div>`;
}
