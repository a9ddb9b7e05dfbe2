import { fill, html, longDate, nothing } from '../../runtime.js';
import { InPageStep } from '../step.js';

/** The consultation's outcome: approved (with the letter), denied (why, what now), or pending. */
export class FlexCheckoutDecision extends InPageStep {
  override render() {
    const { t, locale } = this;
    const session = this.state.session;
    const decision = this.state.decision ?? (session?.consultation ? { ...session.consultation, letter: session.letter } : null);
    if (!decision || !session) return nothing;
    const visitType = t.visitTypes[session.visit_type ?? ''] ?? session.visit_type ?? '';
    if (decision.status === 'approved') {
      const letter = decision.letter ?? session.letter;
      return html`<section class="panel" part="decision">
        <h2 tabindex="-1" data-heading>${t.approvedTitle}</h2>
        ${letter ? html`<p>${fill(t.approvedBody, { visitType, date: longDate(letter.expires_at, locale) })}</p>` : nothing}
        <button class="primary" part="button" type="button" @click=${() => this.flow.continueAfterDecision()}>${t.continue}</button>
      </section>`;
    }
    const denied = decision.status === 'denied';
    const reason = denied ? 'consultation_denied' : 'consultation_pending';
    return html`<section class="panel" part="decision">
      <h2 tabindex="-1" data-heading>${denied ? t.deniedTitle : t.pendingTitle}</h2>
      ${decision.reason ? html`<p>${decision.reason}</p>` : nothing}
      <p class="muted">${denied ? t.deniedNext : t.pendingBody}</p>
      ${
        session.cancel_url
          ? html`<a class="link" href=${session.cancel_url} @click=${(e: Event) => this.back(e, reason)}>${t.backToStore}</a>`
          : html`<button class="link" type="button" @click=${() => this.flow.cancel(reason)}>${t.backToStore}</button>`
      }
    </section>`;
  }

  /** The link goes back to the store unless the page handles `flex-cancel` (preventDefault). */
  private back(event: Event, reason: 'consultation_denied' | 'consultation_pending') {
    if (!this.flow.cancel(reason)) event.preventDefault();
  }
}
