/**
 * The fixed ids the event builders use by default, shaped as a Mesos master makes them.
 *
 * @module
 */
import type { AgentID, FrameworkID, OfferID } from '../../wire';

/** The id of the master the builders pretend to be (a UUID, as a real master's). */
const MASTER_ID = '5e1f0c3a-7d42-4b8e-9a61-2c3d4e5f6a7b';

/**
 * The ids the builders give when none is asked for, in the shapes of a real master:
 * the framework `<master id>-0000`, agents `<master id>-S<n>`, offers `<master id>-O<n>`.
 * They never change, so marble tests can write them into expected commands.
 *
 * @example
 * ```ts
 * marbleIds.framework; // { value: '5e1f0c3a-…-0000' }
 * marbleIds.agent(1); // { value: '5e1f0c3a-…-S1' }
 * marbleIds.offer(0); // { value: '5e1f0c3a-…-O0' }
 * ```
 * Spec: docs/protocol.md §6.
 */
export const marbleIds: {
  readonly master: string;
  readonly framework: FrameworkID;
  readonly agent: (n: number) => AgentID;
  readonly offer: (n: number) => OfferID;
} = {
  master: MASTER_ID,
  framework: { value: `${MASTER_ID}-0000` },
  agent: (n) => ({ value: `${MASTER_ID}-S${n}` }),
  offer: (n) => ({ value: `${MASTER_ID}-O${n}` }),
};
