/**
 * Ids as a Mesos master makes them: frameworks `<master id>-0000`, agents `<master id>-S0`,
 * offers `<master id>-O0` (inverse offers share the offer counter).
 *
 * @module
 */
import { randomUUID } from 'node:crypto';

/**
 * The id counters of one master.
 *
 * @example
 * ```ts
 * const ids = new MasterIds('4f8d2a71-3c6e-4b9a-a1f2-7d3e9c0b5a14');
 * ids.framework(); // '4f8d2a71-…-0000'
 * ```
 */
export class MasterIds {
  private frameworks = 0;
  private agents = 0;
  private offers = 0;

  constructor(readonly masterId: string = randomUUID()) {}

  framework(): string {
    return `${this.masterId}-${String(this.frameworks++).padStart(4, '0')}`;
  }

  agent(): string {
    return `${this.masterId}-S${this.agents++}`;
  }

  offer(): string {
    return `${this.masterId}-O${this.offers++}`;
  }

  /** A fresh stream id (lowercase canonical UUID, as the master makes them). */
  stream(): string {
    return randomUUID();
  }
}
