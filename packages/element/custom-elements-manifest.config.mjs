/**
 * custom-elements.json, generated from the element's JSDoc (@fires, @slot, @csspart,
 * @cssprop, property comments) by @custom-elements-manifest/analyzer as part of
 * `npm run build`. Only the public element is described: the step elements are internal.
 */
export default {
  globs: ['src/flex-checkout.component.ts', 'src/define.ts'],
  outdir: 'dist',
  litelement: true,
  dependencies: false,
  packagejson: false,
  plugins: [publicSurfaceOnly()],
};

/**
 * The analyzer reads every class member and every dispatchEvent call. What a merchant can
 * use is narrower: Lit's internal state (`narrow`, `state: true`) is not an attribute, and
 * the generic `emit(type, …)` helper dispatches the documented `flex-*` events, not one
 * named `type`. Private members and undocumented module variables are left out too.
 */
function publicSurfaceOnly() {
  return {
    name: 'flex-public-surface-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        mod.declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class' || d.description || d.name === 'VERSION');
        for (const d of mod.declarations) {
          if (d.kind !== 'class') continue;
          const privateNames = new Set((d.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name));
          d.members = (d.members ?? []).filter((m) => !privateNames.has(m.name));
          d.attributes = (d.attributes ?? []).filter((a) => !privateNames.has(a.fieldName));
          d.events = (d.events ?? []).filter((e) => e.name.startsWith('flex-'));
        }
        const dropped = (e) => e.declaration?.module === mod.path && !mod.declarations.some((d) => d.name === e.declaration.name);
        mod.exports = (mod.exports ?? []).filter((e) => !dropped(e));
      }
    },
  };
}
