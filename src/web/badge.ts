/**
 * A small SVG badge in the look of shields.io ("next planning meeting | Mon 7 Dec 14:00 CET")
 * that a README or docs site can embed. Text is escaped; widths are estimated per character.
 */

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/gu,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

function width(text: string): number {
  // Verdana 11px averages about 6.5 px per character; wide enough for digits and capitals.
  return Math.round([...text].length * 6.6 + 12);
}

export function badgeSvg(label: string, message: string, colour = '#0b5cad'): string {
  const lw = width(label);
  const mw = width(message);
  const total = lw + mw;
  const l = escapeXml(label);
  const m = escapeXml(message);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${l}: ${m}">
<title>${l}: ${m}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${total}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${colour}"/><rect width="${total}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="14">${l}</text><text x="${lw + mw / 2}" y="14">${m}</text>
</g>
</svg>
`;
}
