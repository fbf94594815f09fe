export { recordIO } from './record-io';
export {
  splitEvents,
  type EventStreams,
  type EventOf,
  type FrameworkMessage,
  type ExecutorLost,
} from './split-events';
