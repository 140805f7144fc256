import { type FieldProblem, ValidationError } from '../domain/errors.js';
import { isRole, type Role } from '../domain/roles.js';
import { hasControlCharacters, hasLoneSurrogate } from '../domain/text.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';

/** The checks of what people type into the account forms; each adds its field's problem. */

export function normalizeEmail(value: unknown, problems: FieldProblem[]): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  // Deliberately loose: one @, something on each side, a dot in the domain. The address is
  // proven by use, not by a pattern.
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email) || email.length > 254) {
    problems.push({ field: 'email', key: 'error.badEmail' });
  }
  return email;
}

export function cleanName(value: unknown, problems: FieldProblem[]): string {
  const name = typeof value === 'string' ? value.replace(/\s+/gu, ' ').trim() : '';
  if (name === '') problems.push({ field: 'name', key: 'error.required' });
  else if ([...name].length > 100)
    problems.push({ field: 'name', key: 'error.tooLong', params: { max: 100 } });
  else if (hasControlCharacters(name) || hasLoneSurrogate(name))
    problems.push({ field: 'name', key: 'error.badCharacters' });
  return name;
}

export function checkPassword(value: unknown, problems: FieldProblem[], field = 'password'): string {
  const password = typeof value === 'string' ? value : '';
  if (password.length < PASSWORD_MIN_LENGTH) {
    problems.push({ field, key: 'error.passwordTooShort', params: { min: PASSWORD_MIN_LENGTH } });
  } else if (password.length > PASSWORD_MAX_LENGTH) {
    problems.push({ field, key: 'error.tooLong', params: { max: PASSWORD_MAX_LENGTH } });
  }
  return password;
}

/** The fields every new account has, checked alike wherever an account is made. */
export function newAccountFields(
  input: Record<string, unknown>,
  problems: FieldProblem[],
): { email: string; name: string; password: string } {
  const email = normalizeEmail(input.email, problems);
  const name = cleanName(input.name, problems);
  return { email, name, password: checkPassword(input.password, problems) };
}

export function checkRole(value: unknown, problems: FieldProblem[]): Role {
  if (!isRole(value)) {
    problems.push({ field: 'role', key: 'error.unknownRole' });
    return 'member';
  }
  return value;
}

/** A typed password as far as it is ever checked: one character past the limit is wrong anyway. */
export function typedPassword(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, PASSWORD_MAX_LENGTH + 1) : '';
}

export function fail(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new ValidationError(problems);
}

export function isEmailTaken(err: unknown): boolean {
  return err instanceof ValidationError && err.problems.some((p) => p.key === 'error.emailTaken');
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}
