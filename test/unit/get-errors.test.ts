import { describe, expect, it } from 'vitest';
import { ClusterError } from '../../src/errors.js';
import { entryFor, fakeResponse as response } from '../helpers/get-fixtures.js';
import { canceledError, formatDuration, reasonForStatus, statusError, timeoutError, toClusterError } from '../../src/kube/errors.js';

const entry = entryFor('prod');

describe('formatDuration', () => {
  it.each([[500, '500ms'], [1000, '1s'], [2500, '2.5s'], [30_000, '30s'], [90_000, '1m30s'], [3_600_000, '1h'], [3_660_000, '1h1m']])('%d -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('statusError', () => {
  it('takes reason and message from a Status body', async () => {
    const body = JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'pods is forbidden: User "bob" cannot list resource "pods"' });
    const err = await statusError(entry, response(403, body));
    expect(err.toLine()).toBe('error: [prod] Forbidden: pods is forbidden: User "bob" cannot list resource "pods"');
    expect(err.toRecord()).toEqual({ code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "bob" cannot list resource "pods"' });
  });

  it('falls back to the status code', async () => {
    expect((await statusError(entry, response(401, JSON.stringify({ kind: 'Status' })))).toLine()).toBe(
      'error: [prod] Unauthorized: you must be logged in to the server (the server has asked for the client to provide credentials)',
    );
    const bare = JSON.stringify({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 });
    expect((await statusError(entry, response(401, bare))).message).toBe('you must be logged in to the server (the server has asked for the client to provide credentials)');
    expect((await statusError(entry, response(403, 'forbidden by proxy\nmore'))).toLine()).toBe(
      'error: [prod] Forbidden: the server does not allow this request ("forbidden by proxy")',
    );
    expect((await statusError(entry, response(502, '<html>bad gateway</html>'))).toLine()).toBe('error: [prod] InternalError: the server responded with HTTP 502');
    expect((await statusError(entry, response(418, '[]'))).reason).toBe('Unknown');
    expect(reasonForStatus(404)).toEqual(['NotFound', 'the server could not find the requested resource']);
  });
});

describe('toClusterError', () => {
  const errno = (code: string, message = code): Error => Object.assign(new Error(message), { code });
  it.each([
    [errno('ECONNREFUSED'), 'ConnectionRefused: connection to https://127.0.0.1:6443 was refused'],
    [errno('ENOTFOUND'), 'HostNotFound: no such host "127.0.0.1"'],
    [errno('ECONNRESET'), 'ConnectionReset: connection to https://127.0.0.1:6443 was closed by the server'],
    [new Error('socket hang up'), 'ConnectionReset: connection to https://127.0.0.1:6443 was closed by the server'],
    [errno('EHOSTUNREACH'), 'Unreachable: cannot reach https://127.0.0.1:6443 (EHOSTUNREACH)'],
    [errno('SELF_SIGNED_CERT_IN_CHAIN'), 'TLSError: certificate signed by unknown authority'],
    [errno('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), 'TLSError: certificate signed by unknown authority'],
    [errno('ERR_TLS_CERT_ALTNAME_INVALID'), 'TLSError: certificate is not valid for 127.0.0.1'],
    [errno('CERT_HAS_EXPIRED'), 'TLSError: certificate has expired or is not yet valid'],
    [errno('ERR_SSL_WRONG_VERSION_NUMBER'), 'TLSError: TLS handshake with https://127.0.0.1:6443 failed'],
    [errno('ERR_INVALID_URL'), 'ConfigError: invalid server URL "https://127.0.0.1:6443"'],
    [errno('EWHATEVER'), 'ConnectionError: EWHATEVER talking to https://127.0.0.1:6443'],
    ['plain', 'ConnectionError: plain'],
  ])('%s', (err, line) => {
    expect(toClusterError(entry, err).toLine()).toBe(`error: [prod] ${line}`);
  });

  it('keeps ClusterErrors and handles odd servers', () => {
    const own = new ClusterError('a', 'b', 'X', 'y');
    expect(toClusterError(entry, own)).toBe(own);
    expect(toClusterError(entryFor('x', { server: 'nonsense' }), Object.assign(new Error('e'), { code: 'ENOTFOUND' })).message).toBe('no such host "nonsense"');
    expect(toClusterError(entryFor('x', { server: undefined }), Object.assign(new Error('e'), { code: 'ECONNREFUSED' })).message).toBe('connection to (no server) was refused');
  });

  it('words deadlines and interruptions', () => {
    expect(timeoutError(entry, 2000).toLine()).toBe('error: [prod] Timeout: no answer within 2s');
    expect(canceledError(entry).reason).toBe('Canceled');
  });
});
