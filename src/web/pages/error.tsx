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
          <a class="button primary" href={ctx.url('/login', { next: ctx.currentPath })}>
            {t('action.signIn')}
          </a>
        </p>
      )}
      <p>
        <a href={ctx.url('/')}>{t('nav.home')}</a>
      </p>
    </Layout>
  );
}
