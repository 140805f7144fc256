import type { InterestSummary } from '../../app/interest.js';
import type { PageContext } from '../page-context.js';
import { Button, ButtonLink } from './button.js';
import { PostForm } from './form.js';

/**
 * The controls of interest and following: small forms that work without JavaScript, each posting
 * to its page route and coming back to the page it was on. A visitor gets a link to sign in
 * that returns here instead.
 */

function SignInLink({ ctx, label }: { ctx: PageContext; label: string }) {
  return <ButtonLink href={ctx.url('/login', { next: ctx.currentPath })}>{label}</ButtonLink>;
}

/** A one-button form that sets a yes/no field and comes back here. */
function ToggleForm({
  ctx,
  action,
  field,
  on,
  label,
  primary,
}: {
  ctx: PageContext;
  action: string;
  field: string;
  on: boolean;
  label: string;
  primary?: boolean;
}) {
  return (
    <PostForm ctx={ctx} action={action} class="inline">
      <input type="hidden" name={field} value={on ? 'true' : 'false'} />
      <input type="hidden" name="next" value={ctx.currentPath} />
      <Button variant={primary ? 'primary' : 'secondary'}>{label}</Button>
    </PostForm>
  );
}

/** Follow or unfollow what the page shows; `action` is the page route's `…/follow`. */
export function FollowButton({
  ctx,
  action,
  following,
}: {
  ctx: PageContext;
  action: string;
  following: boolean;
}) {
  const { t } = ctx;
  if (ctx.actor.kind !== 'user') return <SignInLink ctx={ctx} label={t('follow.signIn')} />;
  return (
    <span class="follow">
      {following && <span class="muted small">{t('follow.following')} </span>}
      <ToggleForm
        ctx={ctx}
        action={action}
        field="follow"
        on={!following}
        label={following ? t('follow.unfollow') : t('follow.follow')}
      />
    </span>
  );
}

/** How many want this, as one line of text (also on each backlog row). */
export function interestCountText(ctx: PageContext, count: number): string {
  if (count === 0) return ctx.t('interest.none');
  return count === 1 ? ctx.t('interest.countOne') : ctx.t('interest.count', { count });
}

/** A person's name linking to their public page. */
export function PersonLink({ ctx, id, name }: { ctx: PageContext; id: string | null; name: string }) {
  return id ? <a href={ctx.url(`/people/${encodeURIComponent(id)}`)}>{name}</a> : <span>{name}</span>;
}

/**
 * The interest in an idea and following it: the count for everyone, the button for members, and
 * for maintainers the names of those interested.
 */
export function IdeaFollowPanel({
  ctx,
  slug,
  interest,
  following,
}: {
  ctx: PageContext;
  slug: string;
  interest: InterestSummary;
  following: boolean;
}) {
  const { t } = ctx;
  const shown = interest.names ?? [];
  return (
    <section class="panel interest" aria-labelledby="interest-heading">
      <h2 id="interest-heading" class="visually-hidden">
        {t('interest.title')}
      </h2>
      <p class="interest-count">
        <span class="interest-total">{interestCountText(ctx, interest.count)}</span>
        {interest.mine && <span class="muted"> · {t('interest.mine')}</span>}
      </p>
      <div class="actions">
        {ctx.actor.kind === 'user' ? (
          <ToggleForm
            ctx={ctx}
            action={`/ideas/${slug}/interest`}
            field="interested"
            on={!interest.mine}
            label={interest.mine ? t('interest.remove') : t('interest.add')}
            primary={!interest.mine}
          />
        ) : (
          <SignInLink ctx={ctx} label={t('interest.signIn')} />
        )}
        {ctx.actor.kind === 'user' && (
          <FollowButton ctx={ctx} action={`/ideas/${slug}/follow`} following={following} />
        )}
      </div>
      {interest.names && interest.names.length > 0 && (
        <details class="interest-names">
          <summary>{t('interest.names')}</summary>
          <p class="muted small">{t('interest.namesHint')}</p>
          <ul>
            {shown.map((p) => (
              <li key={p.id}>
                <PersonLink ctx={ctx} id={p.id} name={p.name} />
              </li>
            ))}
          </ul>
          {interest.count > shown.length && (
            <p class="muted small">{t('interest.more', { count: interest.count - shown.length })}</p>
          )}
        </details>
      )}
    </section>
  );
}
