// The demo hub the documentation's screenshots show: the backlog, the planning meetings of a
// community that meets every two weeks (Monday, odd ISO weeks, 14:00–14:30 Europe/Berlin, on
// Microsoft Teams), the last meeting's published minutes, the next one's agenda, and the board.
// Everything is written through the hub's own API, as a maintainer's script would.

/** The backlog of an open-source bare-metal cloud community, in its own words here. */
export const BACKLOG = [
  {
    title: 'Join the Gardener conformance test grid',
    description:
      'Run the Gardener conformance tests against a metal-stack installation and publish the results on the public test grid.',
    tags: ['gardener', 'testing'],
    links: [{ label: 'Gardener test grid', url: 'https://testgrid.k8s.io/gardener-all' }],
  },
  {
    title: 'Autoscaling for the metal control plane',
    description: 'Scale the API, the database proxies and the DHCP/PXE services with their load.',
    tags: ['control-plane', 'kubernetes'],
  },
  {
    title: 'CI dashboard and public integration tests',
    description:
      'Make the integration test runs and their results visible to everyone, not only to maintainers.',
    tags: ['ci', 'testing'],
  },
  {
    title: 'Smoother release and deployment (GitOps)',
    description:
      'Ship releases through a GitOps flow, for example with Flux or Spinnaker, instead of hand-run playbooks.',
    tags: ['release', 'gitops'],
    links: [
      { label: 'Flux', url: 'https://fluxcd.io/' },
      { label: 'Spinnaker', url: 'https://spinnaker.io/' },
    ],
  },
  {
    title: 'Machine internet without firewalls',
    description: 'Let machines reach the internet directly, for setups that do not need a firewall in front.',
    tags: ['network'],
  },
  {
    title: 'metal-stack dashboard (UI)',
    description: 'A web interface for the things that today need `metalctl`: machines, partitions, networks.',
    tags: ['ui'],
  },
  {
    title: 'Offer our metal-stack extensions as enterprise products',
    description:
      'Accounting, cluster-api and S3 as paid extras. None of them will ever be needed to run metal-stack; they add value for some enterprises.',
    tags: ['business'],
  },
  {
    title: 'Partitions managed by Kubernetes',
    description:
      'Kubelets in a partition join the control plane cluster, so partitions are run like any workload.',
    tags: ['kubernetes', 'partition'],
  },
  {
    title: 'Public offering and demo playground',
    description: 'A place where anyone can try metal-stack without owning a rack.',
    tags: ['community'],
    links: [{ label: 'metal-stack.io', url: 'https://metal-stack.io' }],
  },
];

const PROPOSAL = {
  title: 'IPv6-only partitions',
  description: 'Partitions without any IPv4 addressing, for data centres that have moved on.',
  tags: ['network'],
};

/** A planning page as a community's docs site publishes it, for the import preview. */
export const PLANNING_PAGE = `# Planning meetings

We plan in public: **biweekly on Mondays in odd weeks**, 2pm to 2:30pm Berlin time, on Microsoft
Teams, maintainers and anyone interested agree on what comes next. The meetings are not recorded;
they are held in English.

Join with [the meeting link](https://teams.microsoft.com/l/meetup-join/planning) whenever you like.
What is being worked on is on the [planning board](https://github.com/orgs/metal-stack/projects/1).

## Backlog

- Join the Gardener conformance test grid
- Autoscaling for the metal control plane
- Rack-level power monitoring
- IPv6-only partitions
`;

export const PASSWORD = 'screenshot password';
const SERIES = 'planning-meeting';

/** The date `days` after an ISO date. */
function addDays(iso, days) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** One API call through the server as the token's holder; a refusal stops the seeding. */
function apiOf(server, token) {
  return async (method, path, body, ifMatch) => {
    const res = await server.inject({
      method,
      url: `/api/v1/${path}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
      },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.statusCode >= 400) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.body ? res.json() : null;
  };
}

/** Accepts a topic a maintainer brings (proposed ones by members wait in "proposed"). */
async function accept(api, topic, status = 'accepted') {
  return api('POST', `topics/${topic.id}/status`, { status }, topic.version);
}

/** The last meeting: notes, a decision and an action item, published. */
async function lastMeeting(api, meeting, ideas, chair) {
  // Its topics are not shown: a meeting that is over takes none, and the hub's clock is real.
  const draft = await api('PUT', `${meeting}/minutes`, {
    text: [
      'Release 0.15 is feature-complete; two pull requests wait for review.',
      '',
      'The first conformance run passed 212 of 230 tests; the failures are all in the storage suite.',
    ].join('\n'),
    attendees: 9,
  });
  await api('POST', `${meeting}/decisions`, {
    text: 'The conformance tests go on the roadmap; results are published on the test grid.',
    ideaId: ideas.conformance,
    status: 'roadmap',
  });
  await api('POST', `${meeting}/decisions`, {
    text: 'Release 0.15 ships once the two open reviews are done, without waiting for the storage fixes.',
  });
  await api('POST', `${meeting}/actions`, {
    text: 'Open an issue for each failing storage test',
    assignee: chair,
    due: addDays(meeting.slice(-10), 7),
  });
  await api('POST', `${meeting}/minutes/publish`, {}, draft.version);
}

/** The next meeting: the agenda with accepted and proposed topics, and its note-taker. */
async function nextMeeting(api, memberApi, meeting, ideas) {
  for (const [title, minutes, idea] of [
    ['Release 0.15 retrospective', 5, undefined],
    ['GitOps release flow: Flux or Spinnaker?', 10, ideas.gitops],
    ['Dashboard (UI): first mock-ups', 10, ideas.dashboard],
  ])
    await accept(api, await api('POST', `${meeting}/topics`, { title, minutes, idea }));
  await memberApi('POST', `${meeting}/topics`, {
    title: 'IPv6-only partitions: who needs them?',
    minutes: 5,
  });
  await api('PUT', `${meeting}/note-taker`, { email: 'nina@example.org' });
}

/** Cards on the default board, some with GitHub chips, spread over its columns. */
async function board(app, actor, ideas) {
  const cards = [
    [
      'Conformance test job in CI',
      'in_progress',
      'metal-stack/metal-api#512',
      ['testing'],
      ideas.conformance,
    ],
    ['Storage suite failures', 'todo', 'metal-stack/csi-driver-lvm#88', ['bug'], null],
    ['Flux proof of concept', 'todo', null, ['release'], ideas.gitops],
    ['Dashboard mock-ups', 'in_progress', null, ['ui'], ideas.dashboard],
    ['Release 0.15', 'done', 'metal-stack/releases#150', ['release'], null],
  ];
  for (const [title, column, ref, labels, idea] of cards) {
    const [repo, number] = ref ? ref.split('#') : [];
    await app.board.addItem(actor, 'default', {
      title,
      column,
      labels,
      assignees: ['ada'],
      ...(idea ? { idea } : {}),
      links: ref ? [{ label: ref, url: `https://github.com/${repo}/issues/${number}` }] : [],
    });
  }
}

/** Fills an empty hub; answers who signs in and the meetings to show. */
export async function seedDemoHub(app, server) {
  const { user: admin } = await app.accounts.setupAdmin({
    name: 'Ada Admin',
    email: 'ada@example.org',
    password: PASSWORD,
  });
  const adminActor = { kind: 'user', userId: admin.id, role: admin.role, name: admin.name };
  const slugs = {};
  for (const idea of BACKLOG) {
    const made = await app.ideas.propose(adminActor, { ...idea, status: 'backlog' });
    slugs[idea.title] = made.slug;
  }
  const member = await app.accounts.createUser('system', {
    name: 'Nina Newcomer',
    email: 'nina@example.org',
    role: 'member',
    password: PASSWORD,
  });
  const memberActor = { kind: 'user', userId: member.id, role: member.role, name: member.name };
  await app.ideas.propose(memberActor, PROPOSAL);

  const api = apiOf(server, (await app.accounts.createApiToken(adminActor, 'demo')).token);
  const memberApi = apiOf(server, (await app.accounts.createApiToken(memberActor, 'demo')).token);
  const today = new Date().toISOString().slice(0, 10);
  await api('POST', 'series', {
    title: 'Planning meeting',
    purpose: 'Agree in public on what the community works on next.',
    weekday: 1,
    startTime: '14:00',
    durationMinutes: 30,
    timeZone: 'Europe/Berlin',
    weekRule: 'odd',
    startDate: addDays(today, -60),
    platform: 'Microsoft Teams',
    joinUrl: 'https://teams.microsoft.com/l/meetup-join/planning',
    languages: 'English',
  });
  const { next } = await api('GET', `series/${SERIES}/next`);
  const ideas = {
    conformance: slugs['Join the Gardener conformance test grid'],
    gitops: slugs['Smoother release and deployment (GitOps)'],
    dashboard: slugs['metal-stack dashboard (UI)'],
  };
  const previous = addDays(next.key, -14);
  await lastMeeting(api, `series/${SERIES}/occurrences/${previous}`, ideas, admin.name);
  await nextMeeting(api, memberApi, `series/${SERIES}/occurrences/${next.key}`, ideas);
  await board(app, adminActor, ideas);
  return { admin, before: `/meetings/${SERIES}/${next.key}`, after: `/meetings/${SERIES}/${previous}` };
}
