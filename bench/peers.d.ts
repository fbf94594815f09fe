// Types of the peer packages benchmarked in bench/*.bench.js (they ship none).

declare module '@dcos/recordio' {
  /**
   * Reads the complete records at the start of `input` (a RecordIO stream already decoded to a
   * string); returns them and the unconsumed rest, to be prefixed to the next input.
   */
  export function read(input: string): [records: string[], rest: string];
}
