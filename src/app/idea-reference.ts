import { ValidationError } from '../domain/errors.js';
import { chooseIdea, referenceWords } from '../domain/idea-reference.js';
import type { IdeaRow } from '../store/ideas.repository.js';
import type { Repositories } from '../store/store.js';
import { findIdeaRow } from './idea-steps.js';

/** Ideas read as candidates for one reference; more means the words say too little anyway. */
const CANDIDATES = 200;
/** Candidates named in the message when a reference fits several ideas. */
const NAMED = 5;

/**
 * The idea a person named where an idea is linked (a topic, decision, action item, card): by its
 * id, its short name in the address, or words of its title in any spelling. Nothing named is
 * null; a name that fits no idea or several is refused with the candidates, so the person can
 * type one of them.
 */
export async function ideaByReference(
  repos: Repositories,
  value: unknown,
  field = 'idea',
): Promise<IdeaRow | null> {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ValidationError([{ field, key: 'error.notText' }]);
  const reference = value.trim();
  if (reference === '') return null;
  const direct = await findIdeaRow(repos, reference);
  if (direct) return direct;
  const choice = chooseIdea(reference, await repos.ideas.withWords(referenceWords(reference), CANDIDATES));
  if ('found' in choice) return choice.found;
  const idea = reference.slice(0, 80);
  if ('none' in choice) throw new ValidationError([{ field, key: 'error.ideaUnknown', params: { idea } }]);
  const named = [...choice.several]
    .sort((a, b) => a.title.localeCompare(b.title))
    .slice(0, NAMED)
    .map((c) => `${c.title} (${c.slug})`);
  const more = choice.several.length - named.length;
  throw new ValidationError([
    {
      field,
      key: more > 0 ? 'error.ideaAmbiguousMore' : 'error.ideaAmbiguous',
      params: { idea, candidates: named.join('; '), more },
    },
  ]);
}
