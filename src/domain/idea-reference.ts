import { foldForSearch, searchWords } from './text.js';

/**
 * Naming an idea by the words of its title, as people do ("Überwachung der Build-Infrastruktur",
 * "uberwachung build", "Ueberwachung"): the rules that decide which ideas such a reference
 * means, apart from any store.
 */

/** German letters written out (ä → ae …) before accents are dropped, the way keyboards without them spell. */
function spelledOut(text: string): string {
  return foldForSearch(
    text.replace(/[äÄöÖüÜß]/gu, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' })[c.toLowerCase()] ?? c),
  );
}

/** The forms of a title a word of a reference may occur in. */
export function titleForms(title: string): string[] {
  const plain = foldForSearch(title).replace(/ß/gu, 'ss');
  const spelled = spelledOut(title);
  return plain === spelled ? [plain] : [plain, spelled];
}

/**
 * The words of a reference, each with the spellings a stored (accent-free) text may hold it in:
 * "ueberwachung" is also looked for as "uberwachung".
 */
export function referenceWords(reference: string): string[][] {
  return searchWords(reference).map((word) => {
    const collapsed = word.replace(/ae/gu, 'a').replace(/oe/gu, 'o').replace(/ue/gu, 'u');
    return collapsed === word ? [word] : [word, collapsed];
  });
}

/** Whether every word of the reference occurs in the title. */
export function titleMatches(title: string, reference: string): boolean {
  const forms = titleForms(title);
  return searchWords(reference).every((word) => forms.some((form) => form.includes(word)));
}

/** Whether the reference is the whole title, however it is spelled. */
export function titleEquals(title: string, reference: string): boolean {
  const wanted = titleForms(reference);
  return titleForms(title).some((form) => wanted.includes(form));
}

export type IdeaChoice<T> = { found: T } | { none: true } | { several: T[] };

/**
 * Which of the candidates a reference means: the one whose whole title it is, else the one
 * whose title holds all its words; several when that is not one idea.
 */
export function chooseIdea<T extends { title: string }>(
  reference: string,
  candidates: readonly T[],
): IdeaChoice<T> {
  const exact = candidates.filter((c) => titleEquals(c.title, reference));
  if (exact.length === 1) return { found: exact[0] as T };
  if (exact.length > 1) return { several: exact };
  const matching = candidates.filter((c) => titleMatches(c.title, reference));
  if (matching.length === 1) return { found: matching[0] as T };
  if (matching.length === 0) return { none: true };
  return { several: matching };
}
