import { describe, expect, it } from 'vitest';
import {
  carriesSecret,
  isLoopbackHost,
  isSecretParamName,
  matchesHostPattern,
  parseEndpointUrl,
  parseUrlPrefix,
  redactUrlForDisplay,
  splitWords,
} from '../../src/analysis/url';

describe('parseEndpointUrl', () => {
  it('parses the seed URL', () => {
    expect(parseEndpointUrl('https://model-serving.example.com/predict')).toEqual({
      scheme: 'https',
      hostname: 'model-serving.example.com',
      port: '',
      pathname: '/predict',
      query: '',
      hasPath: true,
      origin: 'https://model-serving.example.com',
      originLength: 'https://model-serving.example.com'.length,
      hasCredentials: false,
      secretParams: [],
      isLoopback: false,
    });
  });

  it.each([
    ['https://api.anthropic.com', { scheme: 'https', hostname: 'api.anthropic.com', port: '', pathname: '/', hasPath: false }],
    ['https://api.anthropic.com/', { pathname: '/', hasPath: false }],
    ['https://example.com?page=2', { pathname: '/', query: 'page=2', hasPath: true }],
    ['https://example.com/a#frag', { pathname: '/a', query: '', hasPath: true }],
    ['https://example.com/#frag', { hasPath: false }],
    ['HTTPS://API.Example.COM:8443/V1', { scheme: 'https', hostname: 'api.example.com', port: '8443', pathname: '/V1', origin: 'HTTPS://API.Example.COM:8443' }],
    ['ws://localhost:8080/socket', { scheme: 'ws', hostname: 'localhost', port: '8080', isLoopback: true }],
    ['wss://stream.example.com', { scheme: 'wss', hostname: 'stream.example.com' }],
    ['http://[::1]:3000/graphql', { hostname: '[::1]', port: '3000', origin: 'http://[::1]:3000', isLoopback: true }],
    ['http://[2001:DB8::1]/x', { hostname: '[2001:db8::1]', port: '', isLoopback: false }],
    ['http://10.0.3.7:8080/metrics', { hostname: '10.0.3.7', port: '8080', pathname: '/metrics' }],
    ['http://metrics-db:9090', { hostname: 'metrics-db', port: '9090', hasPath: false }],
  ])('parses %s', (text, expected) => {
    expect(parseEndpointUrl(text)).toMatchObject(expected);
  });

  it('keeps userinfo out of origin but inside originLength, so cutting removes it', () => {
    const text = 'https://user:p%40ss@api.example.com:8443/v1/items';
    const parsed = parseEndpointUrl(text);
    expect(parsed).toMatchObject({ hasCredentials: true, origin: 'https://api.example.com:8443', hostname: 'api.example.com' });
    expect(text.slice(parsed!.originLength)).toBe('/v1/items');
  });

  it.each([
    'ftp://example.com/file',
    'mailto:someone@example.com',
    'file:///etc/passwd',
    '//example.com/path',
    '/api/users',
    'example.com/api',
    'https://',
    'https:///path',
    'https://exa mple.com',
    ' https://example.com',
    'https://example.com/a b',
    'https://example.com\n',
    'https://<your-host>/api',
    'https://{host}/api',
    'https://example.com:99999/',
    'https://example.com:/x',
    'https://example.com:http/',
    'http://999.1.1.1/',
    'http://[1::2::3]/',
    'http://[::1/',
    'https://example..com',
    'https://user@',
    '',
  ])('rejects %j', (text) => {
    expect(parseEndpointUrl(text)).toBeNull();
  });

  it('lists the secret query parameters once each', () => {
    const parsed = parseEndpointUrl('https://maps.example.com/geo?q=paris&key=abc&page=2&access_token=t&key=def');
    expect(parsed?.secretParams).toEqual(['key', 'access_token']);
  });

  it('decodes parameter names before judging them', () => {
    expect(parseEndpointUrl('https://x.example.com/?api%5Fkey=1')?.secretParams).toEqual(['api_key']);
  });
});

describe('parseUrlPrefix', () => {
  it.each([
    ['https://', false],
    ['https://api.', false],
    ['https://api.example.com', false],
    ['http', false],
    ['https://[::1', false],
    ['https://localhost:8x', false],
    ['ftp://files.example.com/', false],
    ['https://api.example.com/a b', false],
    ['https://', true],
    ['https://api.', true],
  ])('rejects head %j (complete: %s)', (head, complete) => {
    expect(parseUrlPrefix(head, { complete })).toBeNull();
  });

  it('accepts a static origin followed by a dynamic path', () => {
    expect(parseUrlPrefix('https://api.example.com/users/', { complete: false })).toMatchObject({
      hostname: 'api.example.com',
      pathname: '/users/',
      origin: 'https://api.example.com',
      originLength: 'https://api.example.com'.length,
      hasPath: true,
      originStatic: true,
    });
  });

  it.each([
    ['https://api.example.com/', '/'],
    ['https://api.example.com?', '/'],
    ['https://api.example.com#', '/'],
    ['http://localhost:3000/', '/'],
  ])('accepts head %j whose host ends at a delimiter', (head, pathname) => {
    expect(parseUrlPrefix(head, { complete: false })).toMatchObject({ pathname, hasPath: true, originStatic: true });
  });

  it('accepts a head that ends at the host only when it is the whole string', () => {
    expect(parseUrlPrefix('https://api.example.com', { complete: true })).toMatchObject({
      hostname: 'api.example.com',
      hasPath: false,
      originStatic: true,
    });
  });

  it.each([
    ['http://localhost:', 'localhost', true, 'http://localhost'],
    ['http://localhost:80', 'localhost', true, 'http://localhost'],
    ['http://api.example.com:', 'api.example.com', false, 'http://api.example.com'],
    ['http://[::1]', '[::1]', true, 'http://[::1]'],
    ['http://[::1]:', '[::1]', true, 'http://[::1]'],
  ])('knows the host of %j but not its origin', (head, hostname, isLoopback, origin) => {
    expect(parseUrlPrefix(head, { complete: false })).toMatchObject({ hostname, isLoopback, origin, port: '', originStatic: false });
  });

  it('counts userinfo in originLength of a dynamic-port head', () => {
    const head = 'http://admin:pw@localhost:';
    const parsed = parseUrlPrefix(head, { complete: false });
    expect(parsed).toMatchObject({ hasCredentials: true, origin: 'http://localhost', hostname: 'localhost' });
    expect(head.slice(parsed!.originLength)).toBe(':');
  });

  it('ignores a query parameter name that may still be growing', () => {
    expect(parseUrlPrefix('https://x.example.com/?page=1&api_', { complete: false })?.secretParams).toEqual([]);
    expect(parseUrlPrefix('https://x.example.com/?api_key=', { complete: false })?.secretParams).toEqual(['api_key']);
    expect(parseUrlPrefix('https://x.example.com/?token', { complete: true })?.secretParams).toEqual(['token']);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['foo.localhost', true],
    ['127.0.0.1', true],
    ['127.5.5.5', true],
    ['127.255.255.255', true],
    ['0.0.0.0', true],
    ['[::1]', true],
    ['::1', true],
    ['[0:0:0:0:0:0:0:1]', true],
    ['[::]', true],
    ['128.0.0.1', false],
    ['127.0.0.256', false],
    ['127.0.0', false],
    ['localhost.example.com', false],
    ['notlocalhost', false],
    ['10.0.0.1', false],
    ['[::2]', false],
    ['example.com', false],
  ])('%s → %s', (hostname, expected) => {
    expect(isLoopbackHost(hostname)).toBe(expected);
  });
});

describe('matchesHostPattern', () => {
  it.each([
    ['api.example.com', ['*.example.com'], true],
    ['a.b.example.com', ['*.example.com'], true],
    ['API.Example.COM', ['*.example.com'], true],
    ['api.example.com', ['*.EXAMPLE.COM'], true],
    ['example.com', ['*.example.com'], false],
    ['evil-example.com', ['*.example.com'], false],
    ['example.com.evil.io', ['*.example.com'], false],
    ['internal.acme.io', ['internal.acme.io'], true],
    ['Internal.Acme.IO', ['internal.acme.io'], true],
    ['other.acme.io', ['internal.acme.io'], false],
    ['10.0.3.7', ['10.*'], true],
    ['110.0.3.7', ['10.*'], false],
    ['[::1]', ['[::1]'], true],
    ['1', ['[::1]'], false],
    ['api.example.com', [], false],
    ['api.example.com', ['nope.io', '*.example.com'], true],
  ])('%s against %j → %s', (hostname, patterns, expected) => {
    expect(matchesHostPattern(hostname, patterns)).toBe(expected);
  });
});

describe('isSecretParamName', () => {
  it.each([
    'key', 'KEY', 'apikey', 'apiKey', 'APIKey', 'api_key', 'api-key', 'x-api-key', 'subscription-key', 'private_key',
    'token', 'access_token', 'accessToken', 'refresh_token', 'id_token', 'X-Amz-Security-Token', 'csrf_token',
    'auth', 'authorization', 'secret', 'client_secret', 'password', 'passwd', 'pwd', 'passphrase',
    'sig', 'signature', 'X-Amz-Signature', 'x-goog-signature', 'X-Amz-Credential', 'oauth_signature', 'jwt',
    'sessionid', 'session_id',
  ])('%s is secret', (name) => {
    expect(isSecretParamName(name)).toBe(true);
  });

  it.each([
    'q', 'page', 'limit', 'code', 'sort_key', 'idempotency_key', 'keyword', 'keys', 'pageToken', 'page_token', 'NextToken',
    'continuation_token', 'token_type', 'author', 'authuser', 'signed', 'design', 'password_reset', '',
  ])('%s is not secret', (name) => {
    expect(isSecretParamName(name)).toBe(false);
  });
});

describe('redactUrlForDisplay', () => {
  it.each([
    ['https://user:pass@api.example.com/v1', 'https://api.example.com/v1'],
    ['https://user@api.example.com', 'https://api.example.com'],
    ['https://u:p@ss@api.example.com/x', 'https://api.example.com/x'],
    ['https://api.example.com/v1?api_key=abc123&page=2', 'https://api.example.com/v1?api_key=***&page=2'],
    ['https://api.example.com/v1?token=abc&q=hello', 'https://api.example.com/v1?token=***&q=hello'],
    ['https://s3.example.com/f?X-Amz-Signature=deadbeef&X-Amz-Expires=60', 'https://s3.example.com/f?X-Amz-Signature=***&X-Amz-Expires=60'],
    ['https://app.example.com/cb#access_token=tok&state=1', 'https://app.example.com/cb#access_token=***&state=1'],
    ['https://api.example.com/search?q=a@b.com', 'https://api.example.com/search?q=a@b.com'],
    ['https://api.example.com/users?page=2', 'https://api.example.com/users?page=2'],
    ['https://api.example.com/?api_key=', 'https://api.example.com/?api_key=***'],
    ['not a url', 'not a url'],
  ])('%s → %s', (text, expected) => {
    expect(redactUrlForDisplay(text)).toBe(expected);
  });

  it('never echoes the secret values', () => {
    const shown = redactUrlForDisplay('https://admin:hunter2@db.example.com/?password=s3cret&key=K3Y');
    for (const secret of ['admin', 'hunter2', 's3cret', 'K3Y']) expect(shown).not.toContain(secret);
  });
});

describe('splitWords', () => {
  it.each([
    ['modelServingUrl', ['model', 'serving', 'url']],
    ['USERS_API', ['users', 'api']],
    ['APIKey', ['api', 'key']],
    ['baseURL', ['base', 'url']],
    ['x-amz-signature', ['x', 'amz', 'signature']],
    ['apiV2Url', ['api', 'v2', 'url']],
    ['__', []],
  ])('%s → %j', (text, expected) => {
    expect(splitWords(text)).toEqual(expected);
  });
});

describe('carriesSecret', () => {
  it.each([
    ['https://user:pass@api.example.com/x', true],
    ['https://api.example.com/x?api_key=AIza123', true],
    ['https://api.example.com/x?q=1&access_token=abc', true],
    ['https://api.example.com/x?api_key=', false],
    ['https://api.example.com/x?token', false],
    ['https://api.example.com/x?pageToken=abc&sort_key=name', false],
    ['https://api.example.com/x#access_token=abc', false],
  ])('%s → %s', (text, expected) => {
    expect(carriesSecret(parseEndpointUrl(text)!)).toBe(expected);
  });

  it('a template head whose secret value is still to come carries none; one with part of it does', () => {
    expect(carriesSecret(parseUrlPrefix('https://api.example.com/x?api_key=', { complete: false })!)).toBe(false);
    expect(carriesSecret(parseUrlPrefix('https://api.example.com/x?api_key=sk_', { complete: false })!)).toBe(true);
  });
});
