/**
 * Errors that cross the layers. They carry a message key and parameters rather than text,
 * so the http layer can say them in the reader's language.
 */

export interface FieldProblem {
  /** Name of the input field the problem belongs to (form field or JSON property). */
  field: string;
  /** Message key in the i18n catalogue, e.g. `error.tooLong`. */
  key: string;
  params?: Record<string, string | number>;
}

export class ValidationError extends Error {
  readonly problems: FieldProblem[];
  constructor(problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.key}`).join('; '));
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** A state change the domain rules do not allow, e.g. an invalid status transition. */
export class RuleError extends Error {
  readonly key: string;
  readonly params: Record<string, string | number>;
  constructor(key: string, params: Record<string, string | number> = {}) {
    super(key);
    this.name = 'RuleError';
    this.key = key;
    this.params = params;
  }
}

export class NotFoundError extends Error {
  readonly entity: string;
  constructor(entity: string, id: string) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
    this.entity = entity;
  }
}

export class ForbiddenError extends Error {
  /** True when signing in could help: the http layer then says so (401) instead of 403. */
  readonly needsSignIn: boolean;
  /** Why someone signed in is refused, where "you may not do this" would leave them guessing. */
  readonly reason: Omit<FieldProblem, 'field'> | undefined;
  constructor(needsSignIn: boolean, reason?: Omit<FieldProblem, 'field'>) {
    super(needsSignIn ? 'sign-in required' : 'forbidden');
    this.name = 'ForbiddenError';
    this.needsSignIn = needsSignIn;
    this.reason = reason;
  }
}

/** Someone else changed the record since the caller read it. */
export class ConflictError<T = unknown> extends Error {
  readonly current: T;
  constructor(current: T) {
    super('version conflict');
    this.name = 'ConflictError';
    this.current = current;
  }
}

/** Too many requests of one kind from one client (or for one key): try again after a while. */
export class RateLimitError extends Error {
  readonly retryAfterSeconds: number;
  /** Message key saying what was limited; takes `{seconds}`. */
  readonly key: string;
  constructor(retryAfterSeconds: number, key = 'error.tooManyRequests') {
    super('too many attempts');
    this.name = 'RateLimitError';
    this.retryAfterSeconds = retryAfterSeconds;
    this.key = key;
  }
}

/**
 * The database could not write because its disk (or its size limit) is full. Nothing was saved;
 * the request may succeed later, once an operator has made room.
 */
export class DiskFullError extends Error {
  constructor(cause: unknown) {
    super('the database disk is full', { cause });
    this.name = 'DiskFullError';
  }
}
