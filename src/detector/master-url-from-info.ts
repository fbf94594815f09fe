/**
 * A master's URL from what it published about itself.
 *
 * @module
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { MasterInfo } from '../wire';
import { DetectorError } from './detector-error';

/**
 * Options of {@link masterUrlFromInfo} and {@link masterUrlFromPid}.
 *
 * @example
 * ```ts
 * const options: MasterUrlOptions = { scheme: 'https' };
 * ```
 */
export interface MasterUrlOptions {
  /** The scheme the masters serve: `http` (default) or `https`. */
  readonly scheme?: 'http' | 'https';
}

function hostPart(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function usablePort(port: number | undefined): port is number {
  return port !== undefined && Number.isInteger(port) && port > 0 && port < 65536;
}

function invalid(message: string): Either<DetectorError, string> {
  return left(new DetectorError('INVALID_MASTER_INFO', message));
}

/**
 * `MasterInfo.ip` as dotted text: the address's bytes in network order, read as a
 * little-endian 32-bit integer (184614922 is `0a 00 01 0b`, so 10.0.1.11).
 *
 * @example
 * ```ts
 * ipv4OfMasterInfo(184614922); // '10.0.1.11'
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function ipv4OfMasterInfo(ip: number): string {
  const n = ip >>> 0;
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24].join('.');
}

/**
 * The URL of a master from its libprocess PID (`master@10.0.1.11:5050` → `http://10.0.1.11:5050`).
 *
 * @example
 * ```ts
 * masterUrlFromPid('master@10.0.1.11:5050'); // Right('http://10.0.1.11:5050')
 * masterUrlFromPid('10.0.1.11'); // Left(DetectorError INVALID_MASTER_INFO)
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function masterUrlFromPid(
  pid: string,
  options: MasterUrlOptions = {},
): Either<DetectorError, string> {
  const m = /^[^@\s]+@(\[[0-9A-Fa-f:.]+\]|[^:@\s[\]]+):(\d{1,5})$/.exec(pid.trim());
  const host = m?.[1];
  const port = m?.[2] === undefined ? undefined : Number(m[2]);
  if (host === undefined || !usablePort(port) || host === '0.0.0.0')
    return invalid(`not a master PID: "${pid}" (expected master@ip:port)`);
  return right(`${options.scheme ?? 'http'}://${host}:${port}`);
}

/**
 * The URL of a master (`http://host:port`) from its `MasterInfo`: `address` (its `ip`, else its
 * `hostname`, with its `port`) when present, else the host and port of `pid`, else the
 * required `ip` and `port` fields. Pure; a `MasterInfo` with none of them usable is an
 * `INVALID_MASTER_INFO` error.
 *
 * @example
 * ```ts
 * masterUrlFromInfo({
 *   id: '4f8d2a71', ip: 184614922, port: 5050, pid: 'master@10.0.1.11:5050',
 *   address: { hostname: 'm1.example.internal', ip: '10.0.1.11', port: 5050 },
 * }); // Right('http://10.0.1.11:5050')
 * masterUrlFromInfo({ id: 'x', ip: 184614922, port: 5050 }); // Right('http://10.0.1.11:5050')
 * ```
 * Spec: docs/protocol.md §4.1.
 */
export function masterUrlFromInfo(
  info: MasterInfo,
  options: MasterUrlOptions = {},
): Either<DetectorError, string> {
  const scheme = options.scheme ?? 'http';
  const address = info.address;
  const addressHost = address?.ip ?? address?.hostname;
  if (address !== undefined && addressHost !== undefined && addressHost !== '') {
    if (usablePort(address.port))
      return right(`${scheme}://${hostPart(addressHost)}:${address.port}`);
  }
  if (info.pid !== undefined && info.pid !== '') {
    const fromPid = masterUrlFromPid(info.pid, options);
    if (fromPid._tag === 'Right') return fromPid;
  }
  if (info.ip !== 0 && usablePort(info.port))
    return right(`${scheme}://${ipv4OfMasterInfo(info.ip)}:${info.port}`);
  return invalid(`the MasterInfo of master "${info.id}" has no usable address, pid or ip:port`);
}
