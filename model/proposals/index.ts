// The proposals area: executable models of the cross-origin designs in
// ../shared/seeds/000_d8eb3ac6ef5d1746.txt, their native-support history, and the bridge to the
// shared Outcome shape. The shim that implements them on today's platform is
// fixtures-server/shim/swc-connect.js.
export type * from './types.js';
export { PROPOSAL_DESIGNS } from './types.js';
export {
  navigatorConnect,
  localLookasideFetch,
  universalLookasideFetch,
  plainFetch,
  predictProposal,
  toStepResult,
} from './designs.js';
export { initialStashState, stashStep, stashedPortLifetime } from './stash.js';
export type { PortOwner, StashOp, StashObservation, StashRun, StashState } from './stash.js';
export { PROPOSAL_HISTORY, SEED_DOCUMENT, historyOf } from './history.js';
export type { DesignHistory, HistoryEvent, NativeProbe, ProbeContext } from './history.js';
export { matchRegistration, obtainStorageKey, siteOf } from './match.js';
export { proposalRecord } from './record.js';
