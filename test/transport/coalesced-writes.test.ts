/**
 * `coalesceWrites` on a real TCP connection over loopback: the socket is corked once per turn
 * of the event loop and uncorked at its end, what was written meanwhile leaves in one write and
 * in order, and a missing or destroyed socket is ignored.
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { coalesceWrites } from '../../src/internal';
import { collect, nextTurn, socketResources, tcpPair } from '../helpers/loopback';

/** A connected pair over loopback: `local` writes, `peer` (the server's side) reads. */
interface Pair {
  readonly local: Socket;
  readonly peer: Socket;
  /** Everything `peer` has received so far. */
  readonly received: () => string;
  /** Resolves once `peer` has received `n` bytes. */
  readonly receivedBytes: (n: number) => Promise<string>;
}

describe('coalesceWrites', () => {
  const { servers, sockets, cleanup } = socketResources();
  afterEach(cleanup);

  async function pair(): Promise<Pair> {
    const { local, peer } = await tcpPair({ servers, sockets });
    const received = collect(peer);
    return { local, peer, received: received.text, receivedBytes: received.until };
  }

  it('corks the socket until the end of the turn, once however often it is called', async () => {
    const { local } = await pair();
    expect(local.writableCorked).toBe(0);
    coalesceWrites(local);
    expect(local.writableCorked).toBe(1);
    coalesceWrites(local);
    coalesceWrites(local);
    expect(local.writableCorked).toBe(1);
    await nextTurn();
    expect(local.writableCorked).toBe(0);
    // the next turn corks again
    coalesceWrites(local);
    expect(local.writableCorked).toBe(1);
    await nextTurn();
    expect(local.writableCorked).toBe(0);
  });

  it('holds the writes of the turn, then sends them in order in one write', async () => {
    const { local, received, receivedBytes } = await pair();
    const writev = jest.spyOn(
      local as unknown as { _writev: (...args: unknown[]) => void },
      '_writev',
    );
    const write = jest.spyOn(
      local as unknown as { _write: (...args: unknown[]) => void },
      '_write',
    );
    coalesceWrites(local);
    const chunks = ['first|', 'second|', 'third|', 'fourth'];
    for (const chunk of chunks) {
      coalesceWrites(local);
      local.write(chunk);
    }
    // nothing went to the kernel yet: all of it waits in the socket's buffer
    expect(local.writableLength).toBe(chunks.join('').length);
    expect([writev.mock.calls.length, write.mock.calls.length]).toEqual([0, 0]);
    await nextTurn();
    expect(local.writableCorked).toBe(0);
    expect([writev.mock.calls.length, write.mock.calls.length]).toEqual([1, 0]);
    expect(await receivedBytes(chunks.join('').length)).toBe('first|second|third|fourth');
    expect(received()).toBe('first|second|third|fourth');
  });

  it('writes of the next turn follow those of the first, in order', async () => {
    const { local, receivedBytes } = await pair();
    coalesceWrites(local);
    local.write('a');
    local.write('b');
    await nextTurn();
    coalesceWrites(local);
    local.write('c');
    expect(local.writableCorked).toBe(1);
    await nextTurn();
    local.write('d'); // not corked: goes at once
    expect(await receivedBytes(4)).toBe('abcd');
  });

  it('keeps a cork of the caller: uncorks only its own', async () => {
    const { local } = await pair();
    local.cork();
    coalesceWrites(local);
    expect(local.writableCorked).toBe(2);
    await nextTurn();
    expect(local.writableCorked).toBe(1);
    local.uncork();
    expect(local.writableCorked).toBe(0);
  });

  it('ignores a null socket', async () => {
    expect(() => {
      coalesceWrites(null);
    }).not.toThrow();
    await nextTurn();
  });

  it('ignores a destroyed socket', async () => {
    const { local } = await pair();
    local.destroy();
    expect(local.destroyed).toBe(true);
    expect(() => {
      coalesceWrites(local);
    }).not.toThrow();
    expect(local.writableCorked).toBe(0);
    await nextTurn();
    expect(local.writableCorked).toBe(0);
  });

  it('a socket destroyed while corked is uncorked at the end of the turn without error', async () => {
    const { local, peer } = await pair();
    const errors: unknown[] = [];
    local.on('error', (e) => errors.push(e));
    coalesceWrites(local);
    local.write('lost');
    local.destroy();
    await nextTurn();
    expect(local.writableCorked).toBe(0);
    expect(errors).toEqual([]);
    // the peer sees the connection end without the bytes that were still held
    await once(peer, 'close');
    expect(peer.bytesRead).toBe(0);
    // corking works again for another socket in the same process afterwards
    const other = await pair();
    coalesceWrites(other.local);
    expect(other.local.writableCorked).toBe(1);
    await nextTurn();
    expect(other.local.writableCorked).toBe(0);
  });
});
