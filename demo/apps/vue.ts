/**
 * The store's checkout page through `@flex-checkout/vue`, as a Vue merchant writes it
 * (a render function here, so the page needs no template compiler): the backend put the
 * session's client secret on the page; <FlexCheckout> does the rest.
 * Served at /assets/apps/vue.js (built by demo/apps/build.ts).
 */
import { FlexCheckout } from '@flex-checkout/vue';
import { createApp, defineComponent, h, ref } from 'vue';
import type { FlexStepChangeDetail } from '@flex-checkout/vue';
import { readMount, STEP_NAMES } from './mount.js';

const Checkout = defineComponent({
  props: { clientSecret: { type: String, required: true } },
  setup(props) {
    const step = ref<FlexStepChangeDetail['step'] | null>(null);
    return () => [
      h(FlexCheckout, {
        clientSecret: props.clientSecret,
        endpoint: '/flex',
        locale: 'en',
        redirect: 'always',
        onStepChange: (event: CustomEvent<FlexStepChangeDetail>) => (step.value = event.detail.step),
      }),
      h('p', { class: 'muted small' }, [
        'Rendered by ',
        h('code', '@flex-checkout/vue'),
        ' · step: ',
        h('output', { 'data-step': '' }, step.value ? STEP_NAMES[step.value] : 'loading'),
      ]),
    ];
  },
});

const { root, clientSecret } = readMount();
createApp(Checkout, { clientSecret }).mount(root);
