/** Where Flex's hosted checkout for a session lives: `https://checkout.withflex.com/pay/c/fcs_…`. */
export const HOSTED_PATH = '/pay/c';

/** The hosted page of a session at an origin. */
export const hostedPageUrl = (origin: string, sessionId: string) => `${origin}${HOSTED_PATH}/${sessionId}`;
