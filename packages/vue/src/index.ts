/**
 * `@flex-checkout/vue`: `<FlexCheckout>` for Vue 3 (and Nuxt), with typed props and emits.
 *
 * @example
 * ```vue
 * <script setup lang="ts">
 * import { FlexCheckout } from '@flex-checkout/vue';
 * </script>
 * <template>
 *   <FlexCheckout :client-secret="secret" endpoint="/flex" locale="es"
 *     @complete="(e) => router.push(`/thanks/${e.detail.checkoutSessionId}`)" />
 * </template>
 * ```
 *
 * Safe in server rendering (`createSSRApp`, Nuxt): the server renders the tag with its
 * attributes; in the browser the element upgrades and starts.
 */
import { defineComponent, h, type PropType } from 'vue';
import '@flex-checkout/element/define';
import type { FlexCheckoutEventMap } from '@flex-checkout/element';

export type {
  FlexCompleteDetail,
  FlexConsultationCompleteDetail,
  FlexCancelDetail,
  FlexErrorDetail,
  FlexReadyDetail,
  FlexStepChangeDetail,
  FlexCheckoutEventMap,
} from '@flex-checkout/element';

type Element = HTMLElementTagNameMap['flex-checkout'];

/** Each Vue event and the element event it re-emits (the CustomEvent itself, so cancelable ones can be prevented). */
const EVENTS = {
  ready: 'flex-ready',
  'step-change': 'flex-step-change',
  'consultation-complete': 'flex-consultation-complete',
  complete: 'flex-complete',
  cancel: 'flex-cancel',
  expired: 'flex-expired',
  error: 'flex-error',
} as const satisfies Record<string, keyof FlexCheckoutEventMap>;

type Emits = { [K in keyof typeof EVENTS]: (event: FlexCheckoutEventMap[(typeof EVENTS)[K]]) => true };
const emits = Object.fromEntries(Object.keys(EVENTS).map((name) => [name, (event: Event) => event instanceof Event])) as unknown as Emits;

export const FlexCheckout = defineComponent({
  name: 'FlexCheckout',
  props: {
    /** The checkout session's client secret (`fcs_…_secret_…`), from your backend. */
    clientSecret: { type: String, required: true },
    /** Where the companion server's widget routes are. */
    endpoint: { type: String, default: '/flex' },
    /** `auto` (the page's language), `en` or `es`. */
    locale: { type: String, default: 'auto' },
    /** `light`, `dark` or `auto`. */
    theme: { type: String as PropType<Element['theme']>, default: 'light' },
    /** `never` (stay and emit `complete`) or `always` (go to the session's success_url). */
    redirect: { type: String as PropType<Element['redirect']>, default: 'never' },
    /** Stripe Elements appearance for the payment frame; by default derived from the `--flex-*` tokens. */
    appearance: { type: Object as PropType<Element['appearance']>, default: undefined },
  },
  emits,
  setup(props, { emit }) {
    // One listener per event for the element's life; Vue removes the element (and them) on unmount.
    const listeners = Object.fromEntries(
      Object.entries(EVENTS).map(([name, type]) => [
        `on${type[0]!.toUpperCase()}${type.slice(1)}`,
        (event: Event) => (emit as (n: string, e: Event) => void)(name, event),
      ]),
    );
    return () =>
      h('flex-checkout', {
        // Attributes, so server-rendered HTML already carries them and the element can start before hydration.
        '^client-secret': props.clientSecret,
        '^endpoint': props.endpoint,
        '^locale': props.locale,
        '^theme': props.theme,
        '^redirect': props.redirect,
        ...(props.appearance ? { '.appearance': props.appearance } : {}),
        ...listeners,
      });
  },
});

export default FlexCheckout;
