import type { User } from '../../app/accounts.js';
import type { PageContext } from '../page-context.js';
import { Button, ButtonLink } from './button.js';
import { Field, type FieldErrors, PostForm } from './form.js';
import { Section } from './section.js';

/** The fields of a deletion form; a refusal by one of them opens the form again. */
const DELETION_FIELDS = ['currentPassword', 'confirmEmail', 'removeTexts'];

/**
 * The end of a deletion form: "also remove the texts", with what that means, and the final button,
 * worded for one's own account or, for an admin, someone else's.
 */
function DeletionEnd({ ctx, id, admin }: { ctx: PageContext; id: string; admin: boolean }) {
  const { t } = ctx;
  const [label, hint, confirm] = admin
    ? [t('ownData.adminRemoveTexts'), t('ownData.adminRemoveTextsHint'), t('ownData.adminDeleteConfirm')]
    : [t('ownData.removeTexts'), t('ownData.removeTextsHint'), t('ownData.deleteConfirm')];
  return (
    <>
      <div class="field">
        <label class="check">
          <input type="checkbox" name="removeTexts" value="true" id={id} aria-describedby={`${id}-hint`} />{' '}
          {label}
        </label>
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      </div>
      <Button variant="danger" final>
        {confirm}
      </Button>
    </>
  );
}

/**
 * The profile's own-data sections: the download of everything held about the reader, and the
 * danger zone where they delete their account, folded until asked for (the confirmation step),
 * with their password or, without one, their address typed again.
 */
export function OwnDataSections({
  ctx,
  user,
  hasPassword,
  errors,
}: {
  ctx: PageContext;
  user: User;
  hasPassword: boolean;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  const open = DELETION_FIELDS.some((f) => errors[f] !== undefined);
  return (
    <>
      <Section name="own-data" title={t('ownData.title')}>
        <p>{t('ownData.exportIntro')}</p>
        <p>
          <ButtonLink href={ctx.url('/profile/export')} download>
            {t('ownData.export')}
          </ButtonLink>
        </p>
      </Section>
      <Section name="delete-account" title={t('ownData.deleteTitle')} class="danger-zone">
        <p>{t('ownData.deleteIntro')}</p>
        <details open={open}>
          <summary class="button danger">{t('ownData.deleteStart')}</summary>
          <PostForm ctx={ctx} action="/profile/delete" class="stack narrow" novalidate>
            {hasPassword ? (
              <Field
                name="currentPassword"
                scope="delete"
                label={t('ownData.confirmPassword')}
                errors={errors}
              >
                {(attrs) => <input {...attrs} type="password" autoComplete="current-password" required />}
              </Field>
            ) : (
              <Field
                name="confirmEmail"
                scope="delete"
                label={t('ownData.confirmEmail', { email: user.email })}
                errors={errors}
              >
                {(attrs) => <input {...attrs} type="email" autoComplete="off" required />}
              </Field>
            )}
            <DeletionEnd ctx={ctx} id="delete-removeTexts" admin={false} />
          </PostForm>
        </details>
      </Section>
    </>
  );
}

/** An account's data on the admin's list: its download, and its deletion behind a disclosure. */
export function AdminAccountData({ ctx, user }: { ctx: PageContext; user: User }) {
  const { t } = ctx;
  const id = `delete-${user.id}`;
  // An admin deletes their own account on their profile, with their password.
  const own = ctx.actor.kind === 'user' && ctx.actor.userId === user.id;
  return (
    <div class="account-data">
      <a href={ctx.url(`/admin/users/${user.id}/export`)} download>
        {t('ownData.adminExport')}
      </a>
      {own ? null : (
        <details>
          <summary>{t('ownData.adminDeleteStart')}</summary>
          <PostForm ctx={ctx} action={`/admin/users/${user.id}/delete`} class="stack" novalidate>
            <div class="field">
              <label for={`${id}-email`}>{t('ownData.adminConfirmEmail', { email: user.email })}</label>
              <input id={`${id}-email`} name="confirmEmail" type="email" autoComplete="off" required />
            </div>
            <DeletionEnd ctx={ctx} id={`${id}-texts`} admin />
          </PostForm>
        </details>
      )}
    </div>
  );
}
