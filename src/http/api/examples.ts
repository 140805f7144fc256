/**
 * Examples the API reference shows beside the main operations' bodies and answers. They are
 * checked against the schemas they illustrate (test/api-reference.test.ts), so they cannot drift.
 */

const IDEA = {
  id: '019a6f3e-7c1d-7b2a-9e4f-2d5c8a1b3e60',
  slug: 'ci-dashboard',
  title: 'CI dashboard and public integration tests',
  description:
    'Make the integration test runs and their results visible to everyone, not only to maintainers.',
  status: 'backlog',
  statusReason: null,
  tags: ['ci', 'testing'],
  links: [{ label: 'Test runs', url: 'https://github.com/example/project/actions' }],
  proposerId: '019a6f3e-11aa-7c3d-8b2e-5f6a7b8c9d01',
  proposerName: 'Ada Example',
  groupId: null,
  createdAt: '2026-11-02T09:15:00.000Z',
  updatedAt: '2026-11-16T13:40:12.000Z',
  version: 3,
};

/** `GET /api/v1/ideas` */
export const IDEA_LIST_EXAMPLE = {
  items: [IDEA],
  nextCursor: 'eyJ0IjoiQ0kgZGFzaGJvYXJkIiwiaSI6IjAxOWE2ZjNlIn0',
  total: 42,
};

/** `POST /api/v1/ideas` */
export const NEW_IDEA_EXAMPLE = {
  title: 'CI dashboard and public integration tests',
  description:
    'Make the integration test runs and their results visible to everyone, not only to maintainers.',
  tags: ['ci', 'testing'],
  links: [{ label: 'Test runs', url: 'https://github.com/example/project/actions' }],
};
export const IDEA_EXAMPLE = { ...IDEA, status: 'proposed', updatedAt: IDEA.createdAt, version: 1 };

/** `POST /api/v1/series/{slug}/occurrences/{date}/topics` (its body's example sits in its schema). */
export const TOPIC_EXAMPLE = {
  id: '019ad2b0-4e5f-7a6b-8c9d-0e1f2a3b4c5d',
  occurrence: '2026-12-14',
  title: 'Release plan for 2027',
  description: '',
  links: [],
  minutes: 10,
  status: 'proposed',
  position: 3,
  proposerName: 'Ada Example',
  carriedFrom: null,
  ideaId: IDEA.id,
  version: 1,
};

/** `GET /api/v1/series/{slug}/occurrences/{date}/minutes` */
export const MINUTES_EXAMPLE = {
  minutes: {
    status: 'published',
    body: '## Release plan for 2027\n\nTwo releases a year, in March and September.',
    attendeeCount: 9,
    publishedAt: '2026-11-30T14:05:00.000Z',
    overview: [{ slug: IDEA.slug, title: IDEA.title, status: 'in_progress' }],
    version: 4,
  },
  decisions: [
    {
      id: '019ad2c1-0a1b-7c2d-9e3f-4a5b6c7d8e9f',
      occurrence: '2026-11-30',
      text: 'The CI dashboard goes on the roadmap.',
      idea: IDEA.slug,
      toStatus: 'roadmap',
      reason: 'Asked for by several contributors.',
      state: 'proposed',
      objectionDeadline: '2026-12-03T14:05:00.000Z',
      objectionsOpen: true,
      objections: [],
      version: 2,
    },
  ],
  actionItems: [
    {
      id: '019ad2c1-5b6c-7d8e-9f0a-1b2c3d4e5f60',
      text: 'Draft the release calendar',
      assignee: 'Ada Example',
      dueDate: '2026-12-14',
      done: false,
      version: 1,
    },
  ],
};

/** `POST /api/v1/items/{id}/move` */
export const MOVE_EXAMPLE = { column: 'in_progress', after: '019ad2d4-1c2d-7e3f-8a4b-5c6d7e8f9a0b' };
export const ITEM_EXAMPLE = {
  id: '019ad2d4-9f8e-7d6c-8b5a-4f3e2d1c0b9a',
  boardId: '019ad2d0-0000-7000-8000-000000000001',
  column: '019ad2d0-0000-7000-8000-000000000003',
  title: 'Publish the integration test results',
  body: 'Upload the JUnit reports of every nightly run.',
  links: [
    {
      label: 'example/project#123',
      url: 'https://github.com/example/project/issues/123',
      ref: 'example/project#123',
    },
  ],
  assignees: ['ada'],
  labels: ['ci'],
  repository: 'example/project',
  idea: { id: IDEA.id, slug: IDEA.slug, title: IDEA.title },
  positionKey: 'a1V',
  externalId: null,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedAt: '2026-12-01T08:30:00.000Z',
  version: 5,
};

/**
 * A schema shared by several operations, with the example one of them shows. A copy (keeping
 * TypeBox's hidden marks), so the other operations keep the schema as it is.
 */
export function withExample<T extends object>(schema: T, example: unknown): T {
  return Object.defineProperties(Object.create(Object.getPrototypeOf(schema)) as T, {
    ...Object.getOwnPropertyDescriptors(schema),
    examples: { value: [example], enumerable: true, writable: true, configurable: true },
  });
}
