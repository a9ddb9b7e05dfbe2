/**
 * An object as Flex documents it: the fields Flex's API reference names are there; the rest of
 * what the sandbox answers is optional, because Flex's answers do not promise it; and fields
 * Flex adds are kept. Code that reads a sandbox-only field then has to say what it does when
 * the field is absent, which is what happens against Flex.
 */
export type FlexShaped<T, Documented extends keyof T> = Pick<T, Documented> & Partial<Omit<T, Documented>> & { [field: string]: unknown };
