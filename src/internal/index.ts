export { TaggedError } from './tagged-error';
export { assertNever } from './assert-never';
export { coalesceWrites } from './coalesced-writes';
