/**
 * English, the words the element shows in both checkouts (the summary, the hosted frame, the
 * outcomes): the catalog every other locale mirrors. The in-page steps' words are in
 * ../in-page/en.ts, loaded with those steps.
 */
export const en = {
  loading: 'Loading checkout…',
  orderSummary: 'Order summary',
  showSummary: 'Show order summary',
  quantity: 'Qty {n}',
  subtotal: 'Subtotal',
  discount: 'Discount',
  discountCode: 'Discount ({code})',
  discountOnce: 'First payment only',
  discountMonths: { one: 'For the first month', other: 'For the first {n} months' },
  shipping: 'Shipping',
  tax: 'Tax',
  total: 'Total',
  dueToday: 'Due today',
  perInterval: '{amount} / {interval}',
  // Words that change with a number come in the forms Intl.PluralRules picks from (plural()).
  everyIntervals: '{amount} every {count} {interval}',
  trial: { one: '{days}-day free trial', other: '{days}-day free trial' },
  day: { one: 'day', other: 'days' },
  week: { one: 'week', other: 'weeks' },
  month: { one: 'month', other: 'months' },
  year: { one: 'year', other: 'years' },
  badgeLetter: 'HSA/FSA eligible with a letter of medical necessity',
  badgeAuto: 'HSA/FSA eligible',
  badgeNone: 'Not HSA/FSA eligible',
  completeTitle: 'Thank you',
  paidWith: '{amount} paid with {brand} ending in {last4}.',
  savedWith: '{brand} ending in {last4} saved for future payments.',
  authorizedWith: '{amount} is held on your {brand} ending in {last4}. The store charges it when your order is ready.',
  letterIssued: 'Letter of medical necessity for {visitType}, valid until {date}.',
  expiredTitle: 'This checkout has expired',
  expiredBody: 'For your security, checkouts expire after a while. Start again from the store.',
  startAgain: 'Start again',
  errorTitle: 'Something went wrong',
  tryAgain: 'Try again',
  loadFailed: 'The checkout could not be loaded. Check your connection and try again.',
  hostedTitle: 'Secure checkout',
  hostedFrameTitle: 'Flex secure checkout: health questions and payment',
  hostedLoading: 'Loading the secure checkout…',
  hostedBlocked: 'The secure checkout could not be shown on this page. Continue in this window instead.',
  hostedContinue: 'Continue to the secure checkout',
  hostedElsewhere: 'Trouble seeing the checkout? Open it in this window.',
  hostedLinkIntro: "You will answer any health questions and pay on Flex's secure checkout, then come back here.",
  visitTypes: {
    gym: 'fitness',
    skincare: 'skin care',
    sleep: 'sleep',
    cbtSleep: 'sleep therapy (CBT-I)',
    nutrition: 'nutrition',
    massage: 'massage therapy',
  } as Record<string, string>,
};

export type CoreMessages = typeof en;
