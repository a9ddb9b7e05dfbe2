import type { PropertyValues } from 'lit';
import { html, ifDefined, keyed, nothing, StepElement } from '../runtime.js';

/**
 * The hosted checkout: the upstream's page (Flex's, at the session's `redirect_url`) in a
 * frame, where the shopper answers the consultation and pays without leaving the merchant's
 * page. A loading state until the frame has loaded; a plain link to the same page in this
 * window, always, and in its place when the frame cannot be shown (or `redirect="always"`).
 */
export class FlexCheckoutHosted extends StepElement {
  override render() {
    const view = this.state.hosted;
    if (!view?.redirect_url) return nothing;
    const { t } = this;
    const { frame } = this.state;
    const link = (cls: string, label: string) =>
      html`<a class=${cls} part=${ifDefined(cls === 'primary-link' ? 'button' : undefined)} href=${view.redirect_url!} target="_top" rel="noopener">${label}</a>`;
    if (frame === 'link' || frame === 'blocked') {
      return html`<section class="panel" part="hosted">
        <h2 tabindex="-1" data-heading>${t.hostedTitle}</h2>
        <p class=${frame === 'blocked' ? 'alert' : 'muted'} role=${ifDefined(frame === 'blocked' ? 'alert' : undefined)}>${frame === 'blocked' ? t.hostedBlocked : t.hostedLinkIntro}</p>
        ${link('primary-link', t.hostedContinue)}
      </section>`;
    }
    return html`<section class="hosted" part="hosted" aria-busy=${frame === 'loading' ? 'true' : 'false'}>
      <h2 class="sr-only" tabindex="-1" data-heading>${t.hostedTitle}</h2>
      ${frame === 'loading' ? html`<p class="hosted-loading" role="status"><span class="spinner" aria-hidden="true"></span>${t.hostedLoading}</p>` : nothing}
      ${keyed(
        this.state.frameKey,
        html`<iframe class="hosted-frame ${frame === 'loading' ? 'is-loading' : ''}" title=${t.hostedFrameTitle} src=${view.redirect_url}
          allow="payment" referrerpolicy="strict-origin-when-cross-origin" @load=${() => this.controller.frameLoaded()}></iframe>`,
      )}
      <p class="muted hosted-elsewhere">${link('link', t.hostedElsewhere)}</p>
    </section>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // The height the hosted page reported, set through the CSSOM: a strict CSP forbids style attributes.
    const frame = this.querySelector<HTMLIFrameElement>('iframe.hosted-frame');
    if (frame) frame.style.height = this.state.frameHeight === null ? '' : `${this.state.frameHeight}px`;
  }
}
