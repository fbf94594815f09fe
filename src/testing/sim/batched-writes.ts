/**
 * Batched answers on one connection of the simulated master: everything node:http writes to
 * a connection during one turn of the event loop leaves in one system call.
 *
 * node:http answers pipelined requests strictly one after another: the answer to request n+1
 * is written only once the write of answer n has called back, and it undoes any cork on the
 * socket when an answer ends. So a burst of pipelined calls (a driver acknowledging a batch
 * of updates) costs one system call per answer, which is most of what the simulator spends
 * per call. Here the socket's writes are kept in order in a list until the end of the turn
 * (`setImmediate`) and their callbacks are called at once (on the next tick), as if the
 * kernel had taken the bytes: node:http then writes the whole chain of answers in the same
 * turn, and the list leaves in one `writev`. A real master's libprocess, too, sends what it
 * has queued for a socket together.
 *
 * What a socket promises is kept: the bytes leave in order; `end()` and `destroy()` send what
 * is listed first (node:http writes a 400 and then destroys the socket); `write` returns false
 * when the listed bytes and the socket's buffer reach its high-water mark, and 'drain' follows.
 *
 * @module
 */
import { Socket } from 'node:net';

type WriteCallback = (error?: Error | null) => void;

interface Listed {
  readonly chunk: string | Uint8Array;
  readonly encoding: BufferEncoding | undefined;
}

/** The socket's own methods, which the batching ones call. */
const own = Socket.prototype;

/**
 * Makes `socket` send what is written to it in one turn of the event loop in one system call,
 * calling write callbacks on the next tick. For the sockets of the simulated master's HTTP
 * server (`'connection'` event); see the module's documentation for why.
 *
 * @example
 * ```ts
 * const server = http.createServer(handler);
 * server.on('connection', batchWrites);
 * ```
 */
export function batchWrites(socket: Socket): void {
  let listed: Listed[] = [];
  let listedBytes = 0;
  let owesDrain = false;

  const flush = (): void => {
    const batch = listed;
    if (batch.length === 0) return;
    listed = [];
    listedBytes = 0;
    // a destroyed socket drops its buffer; so does this list
    if (socket.destroyed || !socket.writable) return;
    socket.cork();
    for (const { chunk, encoding } of batch) {
      if (encoding === undefined) own.write.call(socket, chunk);
      else own.write.call(socket, chunk, encoding);
    }
    socket.uncork();
    if (owesDrain) {
      owesDrain = false;
      // the socket emits 'drain' itself if its own buffer is full; otherwise the writer,
      // told to wait, must still hear that it may go on
      if (!socket.writableNeedDrain) process.nextTick(() => socket.emit('drain'));
    }
  };

  socket.write = function write(
    chunk: string | Uint8Array,
    encoding?: BufferEncoding | WriteCallback | null,
    callback?: WriteCallback | null,
  ): boolean {
    const cb = typeof encoding === 'function' ? encoding : callback;
    const enc = typeof encoding === 'string' ? encoding : undefined;
    if (socket.destroyed || socket.writableEnded) {
      // the socket reports the error (write after end, or destroyed) as it would
      return own.write.call(socket, chunk, enc ?? 'utf8', cb ?? undefined);
    }
    if (listed.length === 0) setImmediate(flush);
    listed.push({ chunk, encoding: enc });
    listedBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, enc) : chunk.byteLength;
    if (typeof cb === 'function') process.nextTick(cb);
    const ok = socket.writableLength + listedBytes < socket.writableHighWaterMark;
    if (!ok) owesDrain = true;
    return ok;
  };

  socket.end = function end(this: Socket, ...args: unknown[]): Socket {
    flush();
    return (own.end as (...a: unknown[]) => Socket).apply(this, args);
  };

  socket.destroy = function destroy(this: Socket, error?: Error): Socket {
    flush();
    return own.destroy.call(this, error);
  };
}
