import type { PlanLine } from '../import-plan-text.js';

/** What an import did or would do: one line per kind of change, with the names it touches. */
export function PlanList({ lines }: { lines: PlanLine[] }) {
  return (
    <ul class="plan">
      {lines.map((line) => (
        <li key={line.text}>
          {line.text}
          {line.items.length > 0 && (
            <ul>
              {line.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
