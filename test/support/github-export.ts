/**
 * Exports in the exact shape `gh project item-list N --owner ORG --format json` writes them
 * (cli/cli pkg/cmd/project/shared/format/json.go): `id` and `content` per item, then one key per
 * field value, named after the field with its first letter lower-cased; single-select values
 * are option names, iterations `{title, startDate, duration}`, labels and assignees lists of
 * names. Draft issues have content `{type, body, title}` only.
 */

export const STATUS_OPTIONS = ['Todo', 'In Progress', 'In Review', 'Done'];

export interface ExportOptions {
  /** Status of item i (default: cycles through the options; every 7th has none). */
  status?: (i: number) => string | null;
  title?: (i: number) => string;
  repo?: string;
}

export function ghItem(i: number, options: ExportOptions = {}): Record<string, unknown> {
  const repo = options.repo ?? 'acme/widgets';
  const title = options.title?.(i) ?? `Item ${i}`;
  const kind = i % 5 === 4 ? 'DraftIssue' : i % 3 === 2 ? 'PullRequest' : 'Issue';
  const status =
    options.status !== undefined
      ? options.status(i)
      : i % 7 === 6
        ? null
        : STATUS_OPTIONS[i % STATUS_OPTIONS.length];
  const number = 1000 + i;
  const url = `https://github.com/${repo}/${kind === 'PullRequest' ? 'pull' : 'issues'}/${number}`;
  const content =
    kind === 'DraftIssue'
      ? { type: 'DraftIssue', body: `Draft body ${i}`, title }
      : { type: kind, body: `Body of ${title}\r\n\r\n- [ ] task`, title, number, repository: repo, url };
  const item: Record<string, unknown> = {
    id: `PVTI_lADOBn1x${String(i).padStart(8, '0')}`,
    content,
    title,
    labels: i % 2 === 0 ? ['bug', 'good first issue'] : ['enhancement'],
    assignees: i % 4 === 0 ? ['octocat', 'hubot'] : ['monalisa'],
    priority: ['P0', 'P1', 'P2'][i % 3],
    estimate: (i % 8) + 1,
    sprint: { title: `Sprint ${1 + (i % 4)}`, startDate: '2026-11-23', duration: 14 },
    'linked pull requests':
      kind === 'Issue' && i % 6 === 0 ? [`https://github.com/${repo}/pull/${5000 + i}`] : [],
  };
  if (kind !== 'DraftIssue') item.repository = `https://github.com/${repo}`;
  if (status !== null) item.status = status;
  return item;
}

export function ghExport(n: number, options: ExportOptions = {}): string {
  const items = Array.from({ length: n }, (_, i) => ghItem(i, options));
  return JSON.stringify({ items, totalCount: n });
}

/** `gh project field-list N --owner ORG --format json`. */
export function ghFields(statusOptions = STATUS_OPTIONS): string {
  return JSON.stringify({
    fields: [
      { id: 'PVTF_title', name: 'Title', type: 'ProjectV2Field' },
      { id: 'PVTF_assignees', name: 'Assignees', type: 'ProjectV2Field' },
      {
        id: 'PVTSSF_status',
        name: 'Status',
        type: 'ProjectV2SingleSelectField',
        options: statusOptions.map((name, i) => ({ id: `opt${i}`, name })),
      },
      { id: 'PVTF_labels', name: 'Labels', type: 'ProjectV2Field' },
      {
        id: 'PVTSSF_priority',
        name: 'Priority',
        type: 'ProjectV2SingleSelectField',
        options: [
          { id: 'p0', name: 'P0' },
          { id: 'p1', name: 'P1' },
        ],
      },
      { id: 'PVTIF_sprint', name: 'Sprint', type: 'ProjectV2IterationField' },
    ],
    totalCount: 6,
  });
}
