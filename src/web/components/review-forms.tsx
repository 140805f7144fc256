import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { Button } from './button.js';
import { PostForm } from './form.js';

/**
 * Approve or reject a post held for review (a comment, an idea proposal): `base` is the post's
 * path, the forms post to `base/approve` and `base/reject`; the reason is read by its author.
 */
export function ReviewForms({
  ctx,
  base,
  version,
  reasonLabel,
}: {
  ctx: PageContext;
  base: string;
  version: number;
  reasonLabel: MessageKey;
}) {
  const { t } = ctx;
  return (
    <div class="triage-actions">
      <PostForm ctx={ctx} action={`${base}/approve`}>
        <input type="hidden" name="version" value={String(version)} />
        <Button variant="primary">{t('comment.approve')}</Button>
      </PostForm>
      <PostForm ctx={ctx} action={`${base}/reject`} class="decline-form">
        <input type="hidden" name="version" value={String(version)} />
        <label>
          {t(reasonLabel)}
          <input type="text" name="reason" required maxLength={1000} />
        </label>
        <button type="submit">{t('comment.reject')}</button>
      </PostForm>
    </div>
  );
}
