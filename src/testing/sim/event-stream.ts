/**
 * One subscription's event stream as the master writes it: a chunked `200` response carrying
 * RecordIO-framed events in the negotiated content type, with heartbeats.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { SchedulerLike, Subscription } from 'rxjs';
import { encodeEvent, encodeRecord, type ContentType, type Event } from '../../wire';

/**
 * A live subscription stream. Events written after the stream closed are dropped, as the
 * master drops events for a disconnected framework.
 *
 * @example
 * ```ts
 * const stream = new EventStream(res, 'application/json', asyncScheduler, streamId);
 * stream.send({ type: 'HEARTBEAT' });
 * ```
 */
export class EventStream {
  private closed = false;
  private heartbeat: Subscription | undefined;
  private readonly closeHandlers: (() => void)[] = [];
  /** While set, events wait here instead of being written (fault injection: delay events). */
  private held: Uint8Array[] | undefined;
  /** Fault injection: heartbeats are skipped while true. */
  heartbeatsStopped = false;

  constructor(
    private readonly res: ServerResponse,
    readonly contentType: ContentType,
    private readonly scheduler: SchedulerLike,
    readonly streamId: string,
  ) {
    res.on('close', () => {
      this.markClosed();
    });
  }

  /** Whether the stream is still open. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Writes one event as a RecordIO record. */
  send(event: Event): void {
    if (this.closed) return;
    const body = encodeEvent(event, this.contentType);
    if (body._tag === 'Left') throw body.left; // the simulator built an invalid event: a bug
    this.writeRecord(encodeRecord(body.right));
  }

  private writeRecord(record: Uint8Array): void {
    if (this.held !== undefined) {
      this.held.push(record);
      return;
    }
    this.res.write(record);
  }

  /** Holds every following event until {@link release} (fault injection). */
  hold(): void {
    this.held ??= [];
  }

  /** Writes the held events and resumes normal writing. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined && !this.closed) for (const r of held) this.res.write(r);
  }

  /** Sends a HEARTBEAT now and then every `intervalSeconds`. */
  startHeartbeats(intervalSeconds: number): void {
    this.heartbeat?.unsubscribe();
    const beat = (): void => {
      if (!this.heartbeatsStopped) this.send({ type: 'HEARTBEAT' });
    };
    beat();
    this.heartbeat = this.scheduler.schedule(function repeat() {
      beat();
      this.schedule(undefined, intervalSeconds * 1000);
    }, intervalSeconds * 1000);
  }

  /** Runs `handler` once when the stream closes, from either side. */
  onClose(handler: () => void): void {
    if (this.closed) handler();
    else this.closeHandlers.push(handler);
  }

  /** Ends the response cleanly (the master closing the connection). */
  close(): void {
    if (this.closed) return;
    this.res.end();
    this.markClosed();
  }

  /**
   * Breaks the connection without a clean end (fault injection). With `midRecord`, the
   * length line and half of one more record go out first.
   */
  cut(options: { readonly midRecord?: boolean } = {}): void {
    if (this.closed) return;
    if (options.midRecord === true) {
      const body = encodeEvent({ type: 'HEARTBEAT' }, this.contentType);
      if (body._tag === 'Right') {
        const record = encodeRecord(body.right);
        this.res.write(record.subarray(0, Math.max(1, record.length - 2)));
      }
    }
    const socket = this.res.socket;
    // `res.write` corks the socket until the next tick: flush what was written (the partial
    // record included) before breaking the connection, or destroying it would drop it (what
    // `batchWrites` still lists, it sends when the socket is destroyed)
    while (socket !== null && socket.writableCorked > 0) socket.uncork();
    socket?.destroy();
    this.markClosed();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat?.unsubscribe();
    this.heartbeat = undefined;
    for (const h of this.closeHandlers.splice(0)) h();
  }
}
