import { fill, html, nothing } from '../../runtime.js';
import { InPageStep } from '../step.js';

/** Part of the summary (summary.ts renders it for an in-page session that takes codes). */
export class FlexCheckoutPromo extends InPageStep {
  /**
   * The promo code field (in-page, when the session takes codes): the upstream checks the code
   * and prices the session again. Once one is applied, it can be removed.
   */
  override render() {
    const session = this.state.session;
    const step = this.state.step;
    if (!session?.allow_promotion_codes || session.status !== 'open' || step === 'processing' || step === 'loading') return nothing;
    const { t } = this;
    const applied = session.discounts.find((d) => d.code)?.code;
    if (applied) {
      return html`<div class="row promo-applied"><span>${fill(t.promoApplied, { code: applied })}</span>
        <button class="link" type="button" aria-disabled=${this.state.busy ? 'true' : 'false'}
          @click=${() => this.flow.promotionCode(null)}>${fill(t.promoRemove, { code: applied })}</button></div>`;
    }
    const error = this.state.promoError;
    return html`<form class="promo" novalidate @submit=${this.applyCode}>
      <label class="field-label" for="promo-code">${t.promoLabel}</label>
      <input id="promo-code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="100"
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'promo-error' : nothing} />
      <button class="link" type="submit" aria-disabled=${this.state.busy ? 'true' : 'false'}>${t.promoApply}</button>
      ${error ? html`<p class="field-error" id="promo-error">${error}</p>` : nothing}
    </form>`;
  }

  /** An arrow, as an event listener: it is passed to the template, never called on the element. */
  private readonly applyCode = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const code = new FormData(event.target as HTMLFormElement).get('code');
    await this.flow.promotionCode(typeof code === 'string' ? code : '');
  };
}
