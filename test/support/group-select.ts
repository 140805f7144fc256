/** The options of a page's group select, as value → label (none: the page shows no select). */
export function groupOptions(html: string): Record<string, string> {
  const select = /<select[^>]*name="group"[^>]*>([\s\S]*?)<\/select>/u.exec(html)?.[1];
  if (select === undefined) return {};
  return Object.fromEntries(
    // Preact writes an empty value as the bare attribute.
    [...select.matchAll(/<option value(?:="([^"]*)")?[^>]*>([^<]*)<\/option>/gu)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]),
  );
}
