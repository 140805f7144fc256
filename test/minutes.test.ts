import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOutboxWorker } from '../src/mail/worker.js';
import { PageClient } from './support/client.js';
import {
  buildUser,
  planningSeries,
  signedInClient,
  startMeeting,
  type TestUser,
} from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** The clock stands on Mon 30 Nov 2026 at 15:00 Berlin, after that day's meeting (14:00–14:30). */
let clock = new Date('2026-11-30T14:00:00Z');
const BEFORE = () => new Date('2026-11-29T10:00:00Z');
const MEETING = '2026-11-30';
const NEXT = '2026-12-14';

describe.each(ENGINES)('minutes and decisions on %s', (engine) => {
  let hub: Hub;
  let maintainer: TestUser;
  let second: TestUser;
  let member: TestUser;
  let ideaSlug = '';

  beforeAll(async () => {
    clock = BEFORE();
    hub = await startHub(engine, { now: () => clock });
    [maintainer, second, member] = await Promise.all([
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub, { role: 'maintainer' }),
      buildUser(hub),
    ]);
    await planningSeries(hub, maintainer);
    // Written ahead in these tests: started as a maintainer does, so the record can be written.
    await startMeeting(hub, maintainer, 'planning-meeting', MEETING);
    await startMeeting(hub, maintainer, 'planning-meeting', '2026-12-28');
    ideaSlug = (
      await hub.app.ideas.propose(maintainer.actor, { title: 'Public demo playground', status: 'backlog' })
    ).slug;
  });
  afterAll(() => hub.close());

  const occurrencePage = (browser: PageClient, key = MEETING) =>
    browser.get(`/meetings/planning-meeting/${key}`);

  it('runs a meeting end to end: topics, minutes with a decision and an action item, publishing, carry-over', async () => {
    // Before the meeting: a member brings two topics, a maintainer accepts one and defers the other.
    const memberBrowser = await signedInClient(hub, member);
    await occurrencePage(memberBrowser);
    await memberBrowser.post(`/meetings/planning-meeting/${MEETING}/topics`, {
      title: 'Demo playground hosting',
      minutes: '10',
      idea: ideaSlug,
    });
    await memberBrowser.post(`/meetings/planning-meeting/${MEETING}/topics`, {
      title: 'Mascot contest',
      minutes: '5',
    });
    const [hosting, mascot] = (await hub.app.agenda.forOccurrence('planning-meeting', MEETING)).topics;
    await hub.app.agenda.setStatus(maintainer.actor, hosting?.id ?? '', hosting?.version ?? 0, 'accepted');
    await hub.app.agenda.setStatus(maintainer.actor, mascot?.id ?? '', mascot?.version ?? 0, 'deferred');

    // After the meeting: minutes, a decision that moves the idea to the roadmap, an action item.
    clock = new Date('2026-11-30T14:00:00Z');
    const browser = await signedInClient(hub, maintainer);
    await occurrencePage(browser);
    const saved = await browser.post(`/meetings/planning-meeting/${MEETING}/minutes`, {
      version: '0',
      text: 'We looked at **hosting** options.',
      attendees: '7',
      attendeeNames: '',
    });
    expect(saved.statusCode).toBe(303);
    // Drafts are for maintainers only.
    expect((await occurrencePage(new PageClient(hub))).body).not.toContain('hosting</strong> options');
    await occurrencePage(browser);
    const decided = await browser.post(`/meetings/planning-meeting/${MEETING}/decisions`, {
      text: 'Put the demo playground on the roadmap',
      ideaId: ideaSlug,
      status: 'roadmap',
      reason: '',
    });
    expect(decided.statusCode).toBe(303);
    // A decision in a draft waits for publication: the idea and its history do not change yet.
    expect((await hub.app.ideas.get(ideaSlug)).idea.status).toBe('backlog');
    expect((await occurrencePage(browser)).body).toContain(
      'Not applied yet: it moves the idea when these minutes are published.',
    );
    await browser.post(`/meetings/planning-meeting/${MEETING}/actions`, {
      text: 'Ask the infra team for a VM',
      assignee: 'Ada',
      due: '2026-12-10',
      ideaId: '',
    });
    const draft = await occurrencePage(browser);
    const version =
      /action="\/meetings\/planning-meeting\/2026-11-30\/minutes\/publish">.*?name="version" value="(\d+)"/su.exec(
        draft.body,
      )?.[1];
    const published = await browser.post(`/meetings/planning-meeting/${MEETING}/minutes/publish`, {
      version: version ?? '',
    });
    expect(published.statusCode).toBe(303);

    const publicPage = (await occurrencePage(new PageClient(hub))).body;
    expect(publicPage).toContain('<strong>hosting</strong> options');
    expect(publicPage).toContain('7 attended.');
    expect(publicPage).toContain('Put the demo playground on the roadmap');
    expect(publicPage).toContain('Ask the infra team for a VM');

    // Publishing moved the idea, and its page links back to the meeting.
    const idea = await hub.server.inject({ url: `/ideas/${ideaSlug}` });
    expect(idea.body).toContain('on the roadmap');
    expect(idea.body).toContain(`href="/meetings/planning-meeting/${MEETING}#minutes"`);
    expect(idea.body).toContain('decided in a planning meeting');
    // …and lists the decision itself, linking to it in the minutes.
    expect(idea.body).toMatch(/class="idea-decisions">.*Put the demo playground on the roadmap/su);
    expect(idea.body).toMatch(
      new RegExp(`href="/meetings/planning-meeting/${MEETING}#decision-[0-9a-f-]+"`, 'u'),
    );
    const history = (await hub.server.inject({ url: `/api/v1/ideas/${ideaSlug}` })).json().history;
    expect(history.at(-1)).toMatchObject({ toStatus: 'roadmap', meeting: `planning-meeting/${MEETING}` });

    // The next meeting's agenda: the undiscussed and the deferred topic, marked carried over, and the updated overview.
    const next = await hub.app.agenda.forOccurrence('planning-meeting', NEXT);
    expect(next.topics.map((t) => [t.title, t.carriedFrom])).toEqual([
      ['Demo playground hosting', MEETING],
      ['Mascot contest', MEETING],
    ]);
    expect(next.overview.map((i) => i.title)).toEqual(['Public demo playground']);
    const nextPage = (await occurrencePage(new PageClient(hub), NEXT)).body;
    expect(nextPage).toContain('carried over from 30 Nov 2026');
  });

  it('freezes the overview at publishing, so old minutes keep what was current then', async () => {
    const idea = await hub.app.ideas.get(ideaSlug);
    await hub.app.ideas.changeStatus(maintainer.actor, ideaSlug, idea.idea.version, 'in_progress', null);
    const view = await hub.app.minutes.forOccurrence({ kind: 'anonymous' }, 'planning-meeting', MEETING);
    expect(view.minutes?.overview).toEqual([
      { slug: ideaSlug, title: 'Public demo playground', status: 'roadmap' },
    ]);
  });

  it('lists board cards in progress in the overview, and keeps them in published minutes after they move on', async () => {
    const LATER = '2027-01-18';
    await startMeeting(hub, maintainer, 'planning-meeting', LATER);
    const card = await hub.app.board.addItem(maintainer.actor, 'default', {
      title: 'Faster CI runners',
      column: 'in_progress',
      links: [{ label: 'issue', url: 'https://github.com/acme/app/issues/7' }],
    });
    await hub.app.board.addItem(maintainer.actor, 'default', { title: 'Waiting card', column: 'todo' });
    const agenda = await hub.app.agenda.forOccurrence('planning-meeting', LATER);
    expect(agenda.work.map((w) => [w.title, w.ref])).toEqual([['Faster CI runners', 'acme/app#7']]);
    const page = (await occurrencePage(new PageClient(hub), LATER)).body;
    expect(page).toContain('In progress on the board');
    expect(page).toContain('Faster CI runners');
    expect(page).not.toContain('Waiting card');

    const saved = await hub.app.minutes.save(maintainer.actor, 'planning-meeting', LATER, 0, { body: 'CI' });
    await hub.app.minutes.publish(maintainer.actor, 'planning-meeting', LATER, saved.version);
    await hub.app.board.moveItem(maintainer.actor, card.id, card.version, { column: 'done' });
    expect((await hub.app.agenda.forOccurrence('planning-meeting', LATER)).work).toEqual([]);
    const frozen = await hub.server.inject({ url: `/meetings/planning-meeting/${LATER}/minutes.md` });
    expect(frozen.body).toContain('- Faster CI runners (acme/app#7)');
    expect((await occurrencePage(new PageClient(hub), LATER)).body).toMatch(
      /Current projects and priorities at that time.*Faster CI runners/su,
    );
  });

  it('publishes an Atom feed and a Markdown export of the minutes', async () => {
    const atom = await hub.server.inject({ url: '/meetings/planning-meeting/minutes.atom' });
    expect(atom.headers['content-type']).toContain('application/atom+xml');
    expect(atom.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(atom.body).toContain('Planning meeting, 30 Nov 2026');
    expect(atom.body).toContain('/meetings/planning-meeting/2026-11-30');
    const md = await hub.server.inject({ url: `/meetings/planning-meeting/${MEETING}/minutes.md` });
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.body).toContain('# Planning meeting, 30 Nov 2026');
    expect(md.body).toContain('- Put the demo playground on the roadmap (Public demo playground → roadmap)');
    expect(md.body).toContain('- [ ] Ask the infra team for a VM — Ada (Due: 2026-12-10)');
    expect(
      (await hub.server.inject({ url: `/meetings/planning-meeting/${NEXT}/minutes.md` })).statusCode,
    ).toBe(404);
  });

  it('detects two maintainers saving the same minutes and keeps both texts in view', async () => {
    // Started only now: until then it is the next meeting that topics carry over to.
    await startMeeting(hub, maintainer, 'planning-meeting', NEXT);
    const a = await signedInClient(hub, maintainer);
    const b = await signedInClient(hub, second);
    await occurrencePage(a, NEXT);
    await occurrencePage(b, NEXT);
    expect(
      (
        await a.post(`/meetings/planning-meeting/${NEXT}/minutes`, {
          version: '0',
          text: 'Text of the first',
        })
      ).statusCode,
    ).toBe(303);
    const clash = await b.post(`/meetings/planning-meeting/${NEXT}/minutes`, {
      version: '0',
      text: 'Text of the second',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.body).toContain('Text of the second');
    expect(clash.body).toContain('Text of the first');
    expect(clash.body).toContain('Someone else saved these minutes');
    // Saving again from that page (with the version it carries) merges deliberately.
    const merged = await b.post(`/meetings/planning-meeting/${NEXT}/minutes`, {
      version: '1',
      text: 'Text of the first\n\nText of the second',
    });
    expect(merged.statusCode).toBe(303);
  });

  it('a member named note-taker writes the notes and action items, but neither publishes nor decides', async () => {
    const DAY = '2027-02-15';
    const maintainerBrowser = await signedInClient(hub, maintainer);
    await occurrencePage(maintainerBrowser, DAY);
    const unknown = await maintainerBrowser.post(`/meetings/planning-meeting/${DAY}/note-taker`, {
      email: 'nobody@example.org',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('There is no account with this e-mail address.');
    await occurrencePage(maintainerBrowser, DAY);
    const named = await maintainerBrowser.post(`/meetings/planning-meeting/${DAY}/note-taker`, {
      email: member.user.email,
    });
    expect(named.statusCode).toBe(303);
    await startMeeting(hub, maintainer, 'planning-meeting', DAY);

    const writer = await signedInClient(hub, member);
    const page = (await occurrencePage(writer, DAY)).body;
    expect(page).toContain(`Note-taker: ${member.user.name}`);
    expect(page).toContain(`action="/meetings/planning-meeting/${DAY}/minutes"`);
    expect(page).not.toContain(`action="/meetings/planning-meeting/${DAY}/minutes/publish"`);
    expect(page).not.toContain(`action="/meetings/planning-meeting/${DAY}/decisions"`);
    const saved = await writer.post(`/meetings/planning-meeting/${DAY}/minutes`, {
      version: '1',
      text: 'Notes by the note-taker',
      attendees: '4',
    });
    expect(saved.statusCode).toBe(303);
    await occurrencePage(writer, DAY);
    expect(
      (
        await writer.post(`/meetings/planning-meeting/${DAY}/actions`, {
          text: 'Send the summary',
          assignee: 'Mia',
        })
      ).statusCode,
    ).toBe(303);
    await occurrencePage(writer, DAY);
    expect(
      (await writer.post(`/meetings/planning-meeting/${DAY}/minutes/publish`, { version: '2' })).statusCode,
    ).toBe(403);
    expect((await writer.post(`/meetings/planning-meeting/${DAY}/decisions`, { text: 'x' })).statusCode).toBe(
      403,
    );

    // Someone else, even signed in, may not write; readers see nothing of the draft.
    const bystander = await signedInClient(hub, await buildUser(hub));
    await occurrencePage(bystander, DAY);
    expect(
      (await bystander.post(`/meetings/planning-meeting/${DAY}/minutes`, { version: '2', text: 'Mine now' }))
        .statusCode,
    ).toBe(403);
    expect((await occurrencePage(new PageClient(hub), DAY)).body).not.toContain('Notes by the note-taker');
    const view = await hub.app.minutes.forOccurrence(maintainer.actor, 'planning-meeting', DAY);
    expect(view.minutes).toMatchObject({
      body: 'Notes by the note-taker',
      attendeeCount: 4,
      noteTakerId: member.user.id,
    });
    expect(view.actionItems.map((a) => a.text)).toEqual(['Send the summary']);
  });

  describe('bad input gets a clear message and changes nothing', () => {
    const state = async () => ({
      decisions: (await hub.app.minutes.forOccurrence(maintainer.actor, 'planning-meeting', NEXT)).decisions
        .length,
      idea: (await hub.app.ideas.get(ideaSlug)).idea.status,
    });

    it('a decision on a missing idea', async () => {
      const before = await state();
      await expect(
        hub.app.minutes.decide(maintainer.actor, 'planning-meeting', NEXT, {
          text: 'Do it',
          idea: 'no-such-idea',
          status: 'done',
        }),
      ).rejects.toMatchObject({ problems: [{ field: 'idea', key: 'error.ideaUnknown' }] });
      expect(await state()).toEqual(before);
    });

    it('a decision whose status change the idea cannot make', async () => {
      const before = await state();
      await expect(
        hub.app.minutes.decide(maintainer.actor, 'planning-meeting', NEXT, {
          text: 'Back to proposed',
          idea: ideaSlug,
          status: 'proposed',
        }),
      ).rejects.toMatchObject({ key: 'error.invalidTransition' });
      expect(await state()).toEqual(before);
    });

    it('a status change without an idea, a negative attendee count, a bad due date', async () => {
      await expect(
        hub.app.minutes.decide(maintainer.actor, 'planning-meeting', NEXT, { text: 'x', status: 'done' }),
      ).rejects.toMatchObject({
        problems: [{ key: 'error.decisionNeedsIdea' }],
      });
      const browser = await signedInClient(hub, maintainer);
      await occurrencePage(browser, NEXT);
      const res = await browser.post(`/meetings/planning-meeting/${NEXT}/minutes`, {
        version: '2',
        text: 'kept',
        attendees: '-3',
      });
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain('Enter a whole number from 0 to 10000.');
      expect(res.body).toContain('kept');
      await occurrencePage(browser, NEXT);
      const due = await browser.post(`/meetings/planning-meeting/${NEXT}/actions`, {
        text: 'Later',
        due: '2026-02-30',
      });
      expect(due.statusCode).toBe(422);
      expect(due.body).toContain('Enter a date as YYYY-MM-DD, in the years 1970 to 2199.');
    });

    it('members may not write minutes', async () => {
      const browser = await signedInClient(hub, member);
      await occurrencePage(browser, NEXT);
      expect(
        (await browser.post(`/meetings/planning-meeting/${NEXT}/minutes`, { version: '2', text: 'x' }))
          .statusCode,
      ).toBe(403);
      expect(
        (await browser.post(`/meetings/planning-meeting/${NEXT}/decisions`, { text: 'x' })).statusCode,
      ).toBe(403);
    });
  });

  describe('lazy consensus: decisions that wait for objections', () => {
    // Week 53 of 2026 is odd, and so is week 1 of 2027: two meetings a week apart.
    const LATE = '2026-12-28';
    const FOLLOWING = '2027-01-04';
    const worker = () => startOutboxWorker(hub.app, hub.config, null, { autoStart: false });
    const afterLate = new Date('2026-12-28T15:00:00Z');
    const hours = (h: number) => new Date(afterLate.getTime() + h * 3_600_000);

    const publish = async (key: string) => {
      const saved = await hub.app.minutes.save(maintainer.actor, 'planning-meeting', key, 0, {
        body: 'Notes',
      });
      await hub.app.minutes.publish(maintainer.actor, 'planning-meeting', key, saved.version);
    };
    const objectAs = (who: TestUser | null, id: string, reason: string) =>
      hub.server.inject({
        method: 'POST',
        url: `/api/v1/decisions/${id}/objections`,
        headers: who ? who.auth : {},
        payload: { reason },
      });
    const decision = async (key: string, id: string) => {
      const found = (
        await hub.app.minutes.forOccurrence(maintainer.actor, 'planning-meeting', key)
      ).decisions.find((d) => d.id === id);
      if (!found) throw new Error(`decision ${id} not found`);
      return found;
    };

    it('opens the window when the minutes are published and makes the decision final by itself when it closes', async () => {
      expect((await hub.app.meetings.occurrence('planning-meeting', LATE)).occurrence.key).toBe(LATE);
      const idea = await hub.app.ideas.propose(maintainer.actor, {
        title: 'Offline mode',
        status: 'backlog',
      });
      clock = afterLate;
      const proposed = await hub.app.minutes.decide(maintainer.actor, 'planning-meeting', LATE, {
        text: 'Offline mode goes on the roadmap unless someone objects',
        idea: idea.slug,
        status: 'roadmap',
        objectionHours: '72',
      });
      // Nobody can read a draft, so nobody could object yet: the window has not started.
      expect(proposed).toMatchObject({ state: 'proposed', objectionDeadline: null, open: false });
      expect((await hub.app.ideas.get(idea.slug)).idea.status).toBe('backlog');

      await publish(LATE);
      const open = await decision(LATE, proposed.id);
      expect(open).toMatchObject({
        state: 'proposed',
        open: true,
        objectionDeadline: hours(72).toISOString(),
      });
      const page = (await occurrencePage(await signedInClient(hub, member), LATE)).body;
      expect(page).toContain('it becomes final by itself unless someone objects before');
      expect(page).toContain(
        `action="/meetings/planning-meeting/${LATE}/decisions/${proposed.id}/objections"`,
      );

      // An hour later the job is not due: a worker runs nothing and the idea stays.
      clock = hours(1);
      expect(await worker().runOnce()).toBe(0);
      expect(await hub.app.minutes.finalizeDue(proposed.id)).toBe('waiting');
      expect((await hub.app.ideas.get(idea.slug)).idea.status).toBe('backlog');

      // After the window the outbox job makes it final, and only now the idea moves.
      clock = hours(73);
      expect(await worker().runOnce()).toBe(1);
      expect(await decision(LATE, proposed.id)).toMatchObject({ state: 'final', open: false });
      const after = await hub.app.ideas.get(idea.slug);
      expect(after.idea.status).toBe('roadmap');
      expect(after.history.at(-1)).toMatchObject({
        toStatus: 'roadmap',
        meeting: `planning-meeting/${LATE}`,
      });
      // Running it again changes nothing.
      expect(await hub.app.minutes.finalizeDue(proposed.id)).toBe('unchanged');
      expect((await hub.app.ideas.get(idea.slug)).idea.version).toBe(after.idea.version);
    });

    it('an objection stops the decision and puts it on the next agenda', async () => {
      const idea = await hub.app.ideas.propose(maintainer.actor, { title: 'Dark theme', status: 'backlog' });
      clock = hours(80);
      const proposed = await hub.app.minutes.decide(maintainer.actor, 'planning-meeting', LATE, {
        text: 'Dark theme moves to the roadmap',
        idea: idea.slug,
        status: 'roadmap',
        objectionHours: 24,
      });
      // The minutes are published already, so its window opens at once.
      expect(proposed).toMatchObject({ state: 'proposed', open: true });

      const browser = await signedInClient(hub, member);
      await occurrencePage(browser, LATE);
      const empty = await browser.post(
        `/meetings/planning-meeting/${LATE}/decisions/${proposed.id}/objections`,
        {
          reason: '  ',
        },
      );
      expect(empty.statusCode).toBe(422);
      expect((await decision(LATE, proposed.id)).state).toBe('proposed');

      await occurrencePage(browser, LATE);
      const objected = await browser.post(
        `/meetings/planning-meeting/${LATE}/decisions/${proposed.id}/objections`,
        {
          reason: 'Contrast is not checked yet.',
        },
      );
      expect(objected.statusCode).toBe(303);
      expect(objected.headers.location).toContain(`#decision-${proposed.id}`);
      const now = await decision(LATE, proposed.id);
      expect(now.state).toBe('objected');
      expect(now.objections).toMatchObject([
        { userName: member.user.name, reason: 'Contrast is not checked yet.' },
      ]);

      const next = await hub.app.agenda.forOccurrence('planning-meeting', FOLLOWING);
      expect(next.topics.find((t) => t.title === 'Dark theme moves to the roadmap')).toMatchObject({
        status: 'accepted',
        carriedFrom: LATE,
        description: 'Contrast is not checked yet.',
        proposerId: member.user.id,
        ideaId: idea.id,
      });

      // Twice from the same person: refused; from someone else while open: recorded.
      await occurrencePage(browser, LATE);
      const twice = await browser.post(
        `/meetings/planning-meeting/${LATE}/decisions/${proposed.id}/objections`,
        {
          reason: 'Again',
        },
      );
      expect(twice.statusCode).toBe(422);
      expect(twice.body).toContain('You have objected to this decision already.');
      const api = await objectAs(second, proposed.id, 'Agree with the contrast point');
      expect(api.statusCode).toBe(201);
      expect(api.json()).toMatchObject({ state: 'objected', objections: [{}, {}] });

      // When the window closes nothing changes: the idea waits for the next meeting.
      clock = hours(80 + 25);
      await worker().runOnce();
      expect((await decision(LATE, proposed.id)).state).toBe('objected');
      expect((await hub.app.ideas.get(idea.slug)).idea.status).toBe('backlog');
      const late = await objectAs(maintainer, proposed.id, 'Too late');
      expect(late.statusCode).toBe(422);
      expect(late.json().detail).toContain('window is closed');
    });

    it('refuses objections to a decision taken directly, from anonymous readers, and bad windows', async () => {
      clock = hours(200);
      const direct = await hub.app.minutes.decide(maintainer.actor, 'planning-meeting', LATE, {
        text: 'Direct',
      });
      expect(direct).toMatchObject({ state: 'final', open: false });
      expect((await objectAs(member, direct.id, 'No')).statusCode).toBe(422);
      expect((await objectAs(null, direct.id, 'No')).statusCode).toBe(401);
      expect((await objectAs(member, 'no-such-decision', 'No')).statusCode).toBe(404);
      const count = (await hub.app.minutes.forOccurrence(maintainer.actor, 'planning-meeting', LATE))
        .decisions.length;
      for (const objectionHours of ['0', '-5', '1.5', 'soon', String(24 * 31)]) {
        await expect(
          hub.app.minutes.decide(maintainer.actor, 'planning-meeting', LATE, { text: 'x', objectionHours }),
        ).rejects.toMatchObject({ problems: [{ field: 'objectionHours', key: 'error.badObjectionHours' }] });
      }
      expect(
        (await hub.app.minutes.forOccurrence(maintainer.actor, 'planning-meeting', LATE)).decisions,
      ).toHaveLength(count);
      const minutesApi = await hub.server.inject({
        url: `/api/v1/series/planning-meeting/occurrences/${LATE}/minutes`,
      });
      expect(minutesApi.statusCode).toBe(200);
      expect(minutesApi.json().decisions.map((d: { state: string }) => d.state)).toEqual([
        'final',
        'objected',
        'final',
      ]);
    });
  });
});
