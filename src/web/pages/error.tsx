import { ButtonLink } from '../components/button.js';
import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

export function ErrorPage({ ctx, message, signIn }: { ctx: PageContext; message: string; signIn?: boolean }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('error.title')}>
      <h1>{t('error.title')}</h1>
      <p role="alert">{message}</p>
      {signIn && (
        <p>
          <ButtonLink variant="primary" href={ctx.url('/login', { next: ctx.currentPath })}>
            {t('action.signIn')}
          </ButtonLink>
        </p>
      )}
      <p>
        <a href={ctx.url('/')}>{t('nav.home')}</a>
      </p>
    </Layout>
  );
}
