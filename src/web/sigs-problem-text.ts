import type { Locale } from '../app/accounts.js';
import type { SigsProblem } from '../domain/sigs-yaml.js';
import { isMessageKey, type Translate } from './i18n/index.js';
import { weekdayName } from './meeting-format.js';

/** Weekdays travel as ISO numbers, so each language names them itself. */
const WEEKDAY_PARAMS = ['day', 'other'] as const;

/** One problem of a `sigs.yaml`, in the reader's language, with its line and group. */
export function sigsProblemText(problem: SigsProblem, t: Translate, locale: Locale): string {
  const params = { ...problem.params };
  for (const name of WEEKDAY_PARAMS) {
    const value = params[name];
    if (typeof value === 'number') params[name] = weekdayName(value, locale);
  }
  const message = isMessageKey(problem.key) ? t(problem.key, params) : problem.key;
  const line = problem.line ?? '?';
  return problem.group === null
    ? t('sigs.problem.inFile', { line, message })
    : t('sigs.problem.inGroup', { line, group: problem.group, message });
}
