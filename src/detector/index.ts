export type { MasterDetector, DetectionHint } from './master-detector';
export { staticMasters } from './static-masters';
