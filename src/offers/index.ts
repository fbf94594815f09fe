/**
 * The resource algebra of offers: scalar, ranges and set arithmetic as Mesos does it,
 * resource identity (roles, reservations, volumes, shared, revocable), the two reservation
 * formats, validation and the master's way of printing resources.
 *
 * @example
 * ```ts
 * import { containsResources, scalarSum } from './offers';
 * if (containsResources(offer.resources ?? [], wanted)) launch();
 * scalarSum(offer.resources ?? [], 'cpus');
 * ```
 * @module
 */
export {
  addScalar,
  formatScalar,
  fromFixedPoint,
  roundScalar,
  scalarEquals,
  scalarLessOrEqual,
  subtractScalar,
  toFixedPoint,
} from './scalar';
export {
  addRanges,
  coalesceRanges,
  formatRanges,
  rangesContain,
  rangesEqual,
  rangesOf,
  rangesProblem,
  rangesSize,
  subtractRanges,
} from './ranges';
export { addSets, formatSet, setContains, setsEqual, subtractSets } from './value-sets';
export { frameworkRoles, isStrictSubrole, validateRole } from './roles';
export {
  allocationRole,
  hasRefinedReservations,
  isAllocatableTo,
  isDynamicallyReserved,
  isPersistentVolume,
  isReserved,
  isRevocable,
  isShared,
  isUnreserved,
  reservationRole,
} from './resource-predicates';
export {
  addable,
  diskEquals,
  labelsEqual,
  reservationEquals,
  resourceEquals,
  sameIdentity,
  subtractable,
} from './resource-identity';
export { downgradeResource, upgradeResource, upgradeResources } from './resource-format';
export { validateResource, validateResources } from './resource-validation';
export { formatResource, formatResources } from './resource-text';
export {
  addResources,
  allocateResources,
  containsQuantities,
  containsResources,
  isEmptyResource,
  normalizeResources,
  popReservation,
  pushReservation,
  resourceQuantity,
  resourcesEqual,
  scalarSum,
  subtractResources,
  toUnreserved,
  unallocateResources,
} from './resources';
