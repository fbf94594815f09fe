export { TaggedError } from './tagged-error';
export { assertNever } from './assert-never';
