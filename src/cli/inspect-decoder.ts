/**
 * The pure core of `rxmesos inspect`: RecordIO bytes in, one Mesos JSON line per event out.
 *
 * @module
 */
import { isLeft } from 'fp-ts/Either';

import {
  type ContentType,
  RecordIODecoder,
  type RecordIOError,
  type WireError,
  decodeEvent,
  toMesosJson,
} from '../wire';
import { detectContentType } from './detect-content-type';

const EVENT = 'mesos.v1.scheduler.Event';

/**
 * Options of an {@link InspectDecoder}.
 *
 * `contentType` forces the encoding of every record; when absent it is detected from the first
 * record (see `detectContentType`). `maxRecordBytes` is passed to the `RecordIODecoder`.
 *
 * @example
 * ```ts
 * const options: InspectDecoderOptions = { contentType: 'application/x-protobuf', maxRecordBytes: 1 << 20 };
 * ```
 */
export interface InspectDecoderOptions {
  readonly contentType?: ContentType;
  readonly maxRecordBytes?: number;
}

/**
 * Why a captured stream stopped being decodable, and where.
 *
 * `offset` is an absolute byte offset in the input: for a framing error the offending byte (see
 * `RecordIOError.offset`), for a truncated stream the input's length, for a record that is not a
 * valid event the first byte of that record's length line. `reason` is a human-readable sentence
 * naming the record (numbered from 1) and the cause.
 *
 * @example
 * ```ts
 * const fault: InspectFault = { offset: 42, reason: 'record 3 is not a valid Event: invalid JSON: …' };
 * ```
 */
export interface InspectFault {
  readonly offset: number;
  readonly reason: string;
}

/**
 * What one chunk produced: the lines of the events it completed (without line terminators), in
 * order, and the fault that stopped decoding, if any. The lines all precede the fault.
 *
 * @example
 * ```ts
 * const step: InspectStep = { lines: ['{"type":"HEARTBEAT"}'], fault: undefined };
 * ```
 */
export interface InspectStep {
  readonly lines: readonly string[];
  readonly fault: InspectFault | undefined;
}

/**
 * Incremental decoder of a captured Mesos event stream into Mesos JSON lines.
 *
 * Push the input chunk by chunk (boundaries may fall anywhere), then call
 * {@link InspectDecoder.end}. Each complete record is decoded as a `mesos.v1.scheduler.Event`
 * and written with `toMesosJson`, i.e. compact and spelled as the master spells it. An event of
 * unknown type decodes as `{"type":"UNKNOWN"}` and is printed as such.
 *
 * Behaviour:
 * - The first fault (framing error, record that is not a valid event, truncated end) stops the
 *   decoder for good: it is returned by that and every later `push`/`end`, with no more lines.
 * - The lines delivered before a fault do not depend on the chunking.
 * - Memory stays bounded by one chunk plus one record (records are not retained).
 *
 * @example
 * ```ts
 * const decoder = new InspectDecoder();
 * decoder.push(Buffer.from('20\n{"type":"HEAR')); // { lines: [], fault: undefined }
 * decoder.push(Buffer.from('TBEAT"}')); // { lines: ['{"type":"HEARTBEAT"}'], fault: undefined }
 * decoder.end(); // undefined
 * ```
 */
export class InspectDecoder {
  readonly #records: RecordIODecoder;
  readonly #forced: boolean;
  #contentType: ContentType | undefined;
  /** Records delivered so far. */
  #count = 0;
  /** Absolute offset of the length line of the next record. */
  #nextStart = 0;
  #fault: InspectFault | undefined = undefined;

  constructor(options: InspectDecoderOptions = {}) {
    this.#records = new RecordIODecoder(
      options.maxRecordBytes === undefined ? {} : { maxRecordBytes: options.maxRecordBytes },
    );
    this.#contentType = options.contentType;
    this.#forced = options.contentType !== undefined;
  }

  /** The encoding in use: the forced one, the one detected from the first record, or `undefined` before it. */
  get contentType(): ContentType | undefined {
    return this.#contentType;
  }

  /** Number of records framed so far (decodable or not). */
  get recordCount(): number {
    return this.#count;
  }

  /**
   * Decodes one chunk of the input.
   *
   * @example
   * ```ts
   * const { lines, fault } = decoder.push(chunk);
   * ```
   */
  push(chunk: Uint8Array): InspectStep {
    if (this.#fault !== undefined) return { lines: [], fault: this.#fault };
    const lines: string[] = [];
    const framed = this.#records.pushEach(chunk, (record) => {
      if (this.#fault !== undefined) return;
      const line = this.#decodeRecord(record);
      if (line !== undefined) lines.push(line);
    });
    if (isLeft(framed)) this.#fault ??= this.#framingFault(framed.left);
    return { lines, fault: this.#fault };
  }

  /**
   * Signals the end of the input; returns the fault if the stream ended inside a record (or had
   * failed before), else `undefined`.
   *
   * @example
   * ```ts
   * const fault = decoder.end();
   * if (fault !== undefined) console.error(`byte ${fault.offset}: ${fault.reason}`);
   * ```
   */
  end(): InspectFault | undefined {
    if (this.#fault !== undefined) return this.#fault;
    const ended = this.#records.end();
    if (isLeft(ended)) this.#fault = this.#framingFault(ended.left);
    return this.#fault;
  }

  #decodeRecord(record: Uint8Array): string | undefined {
    // Inside `onRecord`, bytesConsumed is the offset just past this record's data.
    const end = this.#records.bytesConsumed;
    const start = this.#nextStart;
    this.#nextStart = end;
    this.#count += 1;
    const contentType = (this.#contentType ??= detectContentType(record));
    const decoded = decodeEvent(record, contentType);
    if (!isLeft(decoded)) return toMesosJson(EVENT, decoded.right);
    const how = this.#forced
      ? ''
      : ` (read as ${contentType}, detected from the first record; see --content-type)`;
    this.#fault = {
      offset: start,
      reason: `record ${this.#count} is not a valid Event: ${describeWireError(decoded.left, end - record.length)}${how}`,
    };
    return undefined;
  }

  #framingFault(e: RecordIOError): InspectFault {
    const n = this.#count + 1;
    const what =
      e.code === 'TRUNCATED'
        ? `the input ends in the middle of record ${n}, which starts at byte ${e.recordStart}`
        : `record ${n} is not a valid RecordIO frame`;
    return { offset: e.offset, reason: `${what}: ${e.message}` };
  }
}

/** The wire error's reason and path, with a protobuf offset made absolute in the input. */
function describeWireError(e: WireError, dataStart: number): string {
  const at = e.path.length > 0 ? ` at ${e.pathText}` : '';
  const byte = e.offset === undefined ? '' : ` (byte ${dataStart + e.offset} of the input)`;
  return `${e.reason}${at}${byte}`;
}
