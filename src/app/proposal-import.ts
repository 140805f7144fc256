import { ValidationError } from '../domain/errors.js';
import { validateProposalDraft } from '../domain/proposal.js';
import { ProposalFileError, readProposalFile, stateFromFile } from '../domain/proposal-files.js';
import type { Actor } from '../domain/roles.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';
import { audit } from './context.js';
import { insertProposal, loadProposal } from './proposal-steps.js';

export interface ImportFile {
  /** The file's name, as the messages name it. */
  name: string;
  source: string;
}

export interface ImportSummary {
  created: number[];
  updated: number[];
  unchanged: number[];
}

/** Refuses the whole import because of one file, naming it. */
export class ImportFileError extends ValidationError {
  constructor(file: string, key: string, params: Record<string, string | number> = {}) {
    super([{ field: 'file', key, params: { ...params, file } }]);
  }
}

function readAll(files: readonly ImportFile[]) {
  const byNumber = new Map<number, string>();
  return files.map((file) => {
    let draft: ReturnType<typeof validateProposalDraft>;
    let read: ReturnType<typeof readProposalFile>;
    try {
      read = readProposalFile(file.source);
      draft = validateProposalDraft(read);
    } catch (err) {
      if (err instanceof ProposalFileError) throw new ImportFileError(file.name, err.key, err.params);
      if (err instanceof ValidationError) {
        const p = err.problems[0];
        throw new ImportFileError(file.name, 'proposal.import.badField', { field: p?.field ?? '' });
      }
      throw err;
    }
    const state = stateFromFile(read.state);
    if (state === null) {
      throw new ImportFileError(file.name, 'proposal.import.badState', {
        state: String(read.state).slice(0, 40),
      });
    }
    const number = draft.number as number;
    const other = byNumber.get(number);
    if (other !== undefined)
      throw new ImportFileError(file.name, 'proposal.import.numberTwice', { number, other });
    byNumber.set(number, file.name);
    return { file: file.name, draft: { ...draft, number }, state };
  });
}

/**
 * Creates the proposals the files hold and brings existing ones (by number) to what the files
 * say, inside the caller's transaction. The files are the record, so a state they give is taken
 * as it is, with a history entry naming the file; a file that says what is stored changes nothing.
 */
export async function importProposals(
  repos: Repositories,
  actor: Actor,
  files: readonly ImportFile[],
  at: string,
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: [], updated: [], unchanged: [] };
  for (const { file, draft, state } of readAll(files)) {
    const row = await repos.proposals.findByNumber(draft.number);
    if (!row) {
      const made = await insertProposal(repos, actor, draft, state, [], at);
      await audit(repos, at, actor, 'proposal.import', { type: 'proposal', id: made.id }, file);
      summary.created.push(draft.number);
      continue;
    }
    const current = await loadProposal(repos, draft.number);
    const same =
      current.title === draft.title &&
      current.text === draft.text &&
      JSON.stringify(current.authors) === JSON.stringify(draft.authors) &&
      current.state === state;
    if (same) {
      summary.unchanged.push(draft.number);
      continue;
    }
    await repos.proposals.update(current.id, current.version, {
      title: draft.title,
      text: draft.text,
      authors: JSON.stringify(draft.authors),
      state,
      updated_at: at,
    });
    if (current.state !== state) {
      await repos.proposals.addHistory({
        id: newId(),
        proposal_id: current.id,
        meeting: null,
        at,
        actor_id: actor.kind === 'user' ? actor.userId : null,
        from_state: current.state,
        to_state: state,
        reason: `Imported from ${file}`,
      });
    }
    await audit(repos, at, actor, 'proposal.import', { type: 'proposal', id: current.id }, file);
    summary.updated.push(draft.number);
  }
  return summary;
}
