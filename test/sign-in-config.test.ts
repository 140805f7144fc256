import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

/** The sign-in settings: read as documented, and refused with a reason when they cannot work. */

const OIDC = {
  PLENUM_OIDC_ISSUER: 'https://id.example.org/realms/community',
  PLENUM_OIDC_CLIENT_ID: 'plenum',
  PLENUM_OIDC_CLIENT_SECRET: 'secret',
};
const GITHUB = { PLENUM_GITHUB_CLIENT_ID: 'id', PLENUM_GITHUB_CLIENT_SECRET: 's' };

describe('sign-in settings', () => {
  it('are off unless set', () => {
    const config = loadConfig({});
    expect(config.oidc).toBeNull();
    expect(config.github).toBeNull();
  });

  it('read an OpenID Connect provider with its role map', () => {
    const { oidc } = loadConfig({
      ...OIDC,
      PLENUM_OIDC_ROLE_CLAIM: 'groups',
      PLENUM_OIDC_ROLE_MAP: 'planning-maintainers=maintainer, planning-admins=admin',
      PLENUM_OIDC_CREATE_ACCOUNTS: 'false',
    });
    expect(oidc?.name).toBe('OpenID Connect');
    expect(oidc?.createAccounts).toBe(false);
    expect([...(oidc?.roleMap ?? [])]).toEqual([
      ['planning-maintainers', 'maintainer'],
      ['planning-admins', 'admin'],
    ]);
  });

  it('read GitHub with its defaults', () => {
    const { github } = loadConfig(GITHUB);
    expect(github?.webUrl.href).toBe('https://github.com/');
    expect(github?.apiUrl.href).toBe('https://api.github.com/');
    expect(github?.org).toBeNull();
  });

  it.each([
    [{ ...OIDC, PLENUM_OIDC_ISSUER: 'http://id.example.org/' }, 'https://'],
    [{ ...OIDC, PLENUM_OIDC_CLIENT_SECRET: '' }, 'set together'],
    [{ ...OIDC, PLENUM_OIDC_ROLE_CLAIM: 'groups', PLENUM_OIDC_ROLE_MAP: 'x=owner' }, 'claim-value=role'],
    [{ ...OIDC, PLENUM_OIDC_ROLE_MAP: 'x=admin' }, 'PLENUM_OIDC_ROLE_CLAIM'],
    [{ ...OIDC, PLENUM_OIDC_CREATE_ACCOUNTS: 'maybe' }, 'true or false'],
    [{ PLENUM_GITHUB_CLIENT_ID: 'id' }, 'set together'],
    [{ ...GITHUB, PLENUM_GITHUB_ORG: 'a/b' }, 'organisation'],
    [{ ...GITHUB, PLENUM_GITHUB_API_URL: 'http://10.0.0.1/' }, 'https://'],
  ])('refuse %o', (env, words) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(words);
  });

  it('allow plain http for a provider on this machine only', () => {
    const local = loadConfig({ ...OIDC, PLENUM_OIDC_ISSUER: 'http://127.0.0.1:9000/' });
    expect(local.oidc?.issuer.host).toBe('127.0.0.1:9000');
    expect(loadConfig({ ...OIDC, PLENUM_OIDC_ISSUER: 'http://[::1]:9000/' }).oidc).not.toBeNull();
  });
});
