import { decodeHTMLAttribute } from 'entities';

/**
 * The value of one double-quoted attribute in server-rendered HTML, its character references
 * read back as a browser reads them (`entities`, the decoder parse5 uses), so a test compares
 * what the element will see, whichever references the renderer chose.
 */
export function attributeOf(html: string, name: string): string | undefined {
  const raw = new RegExp(` ${name}="([^"]*)"`).exec(html)?.[1];
  return raw === undefined ? undefined : decodeHTMLAttribute(raw);
}
