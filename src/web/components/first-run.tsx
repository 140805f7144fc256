import type { FirstRunStep } from '../../app/first-run.js';
import type { PageContext } from '../page-context.js';
import { Section } from './section.js';

/** The first admin's checklist on the home page: each step links to where it is taken. */
export function FirstRunChecklist({ ctx, steps }: { ctx: PageContext; steps: FirstRunStep[] }) {
  const { t } = ctx;
  const done = steps.filter((s) => s.done).length;
  return (
    <Section name="first-run" title={t('firstRun.title')} class="panel first-run">
      <p>{t('firstRun.intro', { done, total: steps.length })}</p>
      <ol class="checklist">
        {steps.map((step) => (
          <li key={step.key} class={step.done ? 'done' : undefined}>
            <span class="check" aria-hidden="true">
              {step.done ? '✓' : '○'}
            </span>{' '}
            {step.done ? (
              <>
                <s>{t(`firstRun.${step.key}`)}</s> <span class="visually-hidden">{t('firstRun.done')}</span>
              </>
            ) : (
              <a href={ctx.url(step.path)}>{t(`firstRun.${step.key}`)}</a>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}
