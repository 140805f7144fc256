#!/usr/bin/env node
// One whole planning cycle through the JSON API alone, with one maintainer's token:
// an idea for the backlog, a meeting series, two topics on the next meeting's agenda, minutes
// with a decision that moves the idea to the roadmap and an action item, published; then a new
// board column with a card moved into it. It prints the pages that show the result.
//
//   PLENUM_TOKEN=plm_… node scripts/api-cycle.mjs [http://127.0.0.1:8080/]
//
// The token comes from the environment, not the command line, so it stays out of `ps`.
// Only Node's own fetch is used: copy it and change it as you like.

const base = new URL(process.argv[2] ?? process.env.PLENUM_URL ?? 'http://127.0.0.1:8080/');
if (!base.pathname.endsWith('/')) base.pathname += '/';
const token = process.env.PLENUM_TOKEN;
if (!token) {
  console.error('Set PLENUM_TOKEN to a maintainer’s API token (Profile → API tokens).');
  process.exit(2);
}

/** One API call; a problem+json answer ends the script with its title and detail. */
async function api(method, path, body, { ifMatch } = {}) {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
  const res = await fetch(new URL(`api/v1/${path}`, base), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!res.ok) {
    const why = typeof data === 'object' ? [data.title, data.detail].filter(Boolean).join(': ') : text;
    throw new Error(`${method} /api/v1/${path} answered ${res.status}: ${why}`);
  }
  return data;
}

const step = (what) => console.log(`· ${what}`);
const page = (path) => new URL(path, base).toString();

async function cycle() {
  const me = await api('GET', 'me');
  step(`acting as ${me.name} (${me.role})`);
  // Titles carry the minute they were made, so the script can run again on the same hub.
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ');

  const idea = await api('POST', 'ideas', {
    title: `German release notes ${stamp}`,
    description: 'Write the release notes in German as well as in English.',
    status: 'backlog',
  });
  step(`idea “${idea.title}” in the backlog`);

  const today = new Date().toISOString().slice(0, 10);
  const series = await api('POST', 'series', {
    title: `Planning meeting ${stamp}`,
    purpose: 'Plan the next release in public.',
    weekday: 1,
    startTime: '14:00',
    durationMinutes: 30,
    timeZone: 'Europe/Berlin',
    weekRule: 'odd',
    startDate: today,
    platform: 'Microsoft Teams',
  });
  const { next } = await api('GET', `series/${series.slug}/next`);
  const meeting = `series/${series.slug}/occurrences/${next.key}`;
  step(`series “${series.title}”, next meeting ${next.start}`);

  const topics = [];
  for (const [title, minutes] of [
    ['Release plan for the spring', 10],
    ['Translations of the handbook', 5],
  ]) {
    let topic = await api('POST', `${meeting}/topics`, { title, minutes, idea: idea.slug });
    // A maintainer's own topic is accepted at once; anyone else's waits for a maintainer.
    if (topic.status === 'proposed') {
      topic = await api(
        'POST',
        `topics/${topic.id}/status`,
        { status: 'accepted' },
        { ifMatch: topic.version },
      );
    }
    step(`topic “${topic.title}” ${topic.status}, ${topic.minutes} min`);
    topics.push(topic);
  }

  // The meeting lies ahead: its record can be written once it has begun, so a maintainer starts it.
  const started = await api('POST', `${meeting}/start`, {});
  step(`meeting started at ${started.startedAt}`);

  // In the meeting: both topics are discussed (publishing carries undiscussed ones to the next).
  for (const topic of topics) {
    await api('POST', `topics/${topic.id}/status`, { status: 'discussed' }, { ifMatch: topic.version });
  }

  const draft = await api('PUT', `${meeting}/minutes`, {
    text: 'We went through the release plan and the translations.',
    attendees: 7,
  });
  const decision = await api('POST', `${meeting}/decisions`, {
    text: 'German release notes go on the roadmap.',
    ideaId: idea.slug,
    status: 'roadmap',
  });
  step(`decision “${decision.text}”`);
  const action = await api('POST', `${meeting}/actions`, {
    text: 'Ask the translators who has time in January.',
    assignee: me.name,
  });
  step(`action item “${action.text}” for ${action.assignee}`);
  const published = await api('POST', `${meeting}/minutes/publish`, {}, { ifMatch: draft.version });
  step(`minutes ${published.status}`);

  const moved = await api('GET', `ideas/${idea.id}`);
  if (moved.status !== 'roadmap') throw new Error(`the idea is ${moved.status}, not on the roadmap`);
  step(`idea now ${moved.status}`);

  const boards = await api('GET', 'boards');
  const board = boards.items[0];
  const column = await api('POST', `boards/${board.id}/columns`, { name: `Review ${stamp}` });
  step(`column “${column.name}” on board “${board.title}”`);
  const card = await api('POST', `boards/${board.id}/items`, {
    title: 'Draft the German release notes',
    idea: idea.slug,
  });
  const placed = await api('POST', `items/${card.id}/move`, { column: column.id }, { ifMatch: card.version });
  step(`card “${placed.title}” moved to “${column.name}”`);

  console.log('\nSee it on the pages:');
  for (const path of [
    `meetings/${series.slug}/${next.key}`,
    `ideas/${idea.slug}`,
    `boards/${board.slug}`,
    'roadmap',
  ]) {
    console.log(`  ${page(path)}`);
  }
}

cycle().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
