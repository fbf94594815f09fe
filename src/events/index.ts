export { recordIO } from './record-io';
