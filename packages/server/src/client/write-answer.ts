/**
 * The object a write answered, for the writes whose answer Flex's pages do not show (a
 * subscription's cancel, a dispute's close, a shipping rate's update): wrapped as Flex's other
 * answers are (`{"subscription": {…}}`), bare (the object's own fields, its ID among them), or
 * none at all (an empty 2xx, or a body without the object). `undefined` for none: the write
 * took all the same, and the caller reads the object back where Flex documents a read.
 */
export function writtenObject<T>(answer: unknown, key: string, idField: string): T | undefined {
  if (!isRecord(answer)) return undefined;
  const wrapped = answer[key];
  if (isRecord(wrapped)) return wrapped as T;
  return idField in answer ? (answer as T) : undefined;
}

/** A JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
