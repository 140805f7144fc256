/**
 * The counts of interest in an idea worth telling of: 5, 10, 25, then 50, 100, 250, 500, 1000 …
 * (1, 2.5 and 5 times each power of ten from 10 on). Interest grows one member at a time, so
 * every milestone is passed exactly at its own number.
 */
export function isInterestMilestone(count: number): boolean {
  if (!Number.isInteger(count) || count < 5) return false;
  if (count === 5) return true;
  let power = 10;
  while (power <= count) {
    if (count === power || count === power * 2.5 || count === power * 5) return true;
    power *= 10;
  }
  return false;
}
