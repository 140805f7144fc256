import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPrivateAddress } from './webhook-target.js';

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1%eth0',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('checks URLs as typed', () => {
    expect(checkWebhookUrl('https://hooks.example.org/in', false)).toBeNull();
    expect(checkWebhookUrl('http://hooks.example.org/in', false)).toBe('error.webhookHttps');
    expect(checkWebhookUrl('http://127.0.0.1:9/in', true)).toBeNull();
    expect(checkWebhookUrl('https://127.0.0.1/in', false)).toBe('error.webhookPrivate');
    expect(checkWebhookUrl('https://[::ffff:127.0.0.1]/in', false)).toBe('error.webhookPrivate');
    expect(checkWebhookUrl('https://localhost/in', false)).toBe('error.webhookPrivate');
    expect(checkWebhookUrl('https://2130706433/in', false)).toBe('error.webhookPrivate');
    expect(checkWebhookUrl('https://u:p@hooks.example.org/', false)).toBe('error.webhookUrl');
    expect(checkWebhookUrl('ftp://hooks.example.org/', false)).toBe('error.webhookHttps');
    expect(checkWebhookUrl('not a url', false)).toBe('error.webhookUrl');
  });
});
