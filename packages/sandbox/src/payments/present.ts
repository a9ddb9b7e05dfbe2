import type { PaymentMethod } from '@flex-checkout/protocol';

/**
 * A saved card as Flex's API shows it: the brand in Flex's words (`american_express`, where
 * the card form says `amex`), and `funding` and `country` (every sandbox test card is a US
 * credit card). The card frame keeps its own words; answers and events use these.
 */
export function presentPaymentMethod(pm: PaymentMethod): PaymentMethod {
  return {
    ...pm,
    card: {
      ...pm.card,
      brand: pm.card.brand === 'amex' ? 'american_express' : pm.card.brand,
      funding: pm.card.funding ?? 'credit',
      country: pm.card.country ?? 'US',
    },
  };
}
