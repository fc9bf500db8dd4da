// Native support for the seed's designs: which names to probe in each engine, and what happened to
// each design. Data only; the report shows it next to the shim's verdicts, and a probe that ever
// finds a name turns the native column from `unsupported` into something to check.
//
// Sources were read through the project's search tool; entries marked [UNSURE] could not be
// confirmed from a primary source and say so in the report.
import type { ProposalDesign } from './types.js';

/** Where a probe must be evaluated: a window (page) or inside a service worker. */
export type ProbeContext = 'window' | 'serviceworker';

export interface NativeProbe {
  /** The API name as the report shows it. */
  api: string;
  context: ProbeContext;
  /** A side-effect-free JavaScript expression, true when the name is there. Evaluate in `context`. */
  expression: string;
}

export interface HistoryEvent {
  /** ISO date, or a year/month when that is all the source gives. */
  date: string;
  what: string;
  /** Link to the source. */
  source: string;
  unsure?: boolean;
}

export interface DesignHistory {
  design: ProposalDesign;
  title: string;
  /** Lines of ../shared/seeds/000_d8eb3ac6ef5d1746.txt. */
  seedLines: string;
  /** Names whose presence would mean native support. Empty: there never was a native API to probe. */
  probes: NativeProbe[];
  /** Names of a related native experiment, shown for context; they do not decide support. */
  related: NativeProbe[];
  /** One line for the report's native column when no probe finds anything. */
  summary: string;
  history: HistoryEvent[];
}

const SEED = '../shared/seeds/000_d8eb3ac6ef5d1746.txt';
const NC = 'https://github.com/mkruisselbrink/navigator-connect';

const CONNECT_PROBES: NativeProbe[] = [
  { api: 'navigator.connect', context: 'window', expression: "typeof navigator.connect === 'function'" },
  { api: 'navigator.services', context: 'window', expression: "'services' in navigator" },
  { api: 'ServicePort', context: 'window', expression: "typeof ServicePort === 'function'" },
  { api: 'navigator.connect (worker)', context: 'serviceworker', expression: "typeof navigator.connect === 'function'" },
  { api: 'navigator.services (worker)', context: 'serviceworker', expression: "'services' in navigator" },
  { api: 'CrossOriginConnectEvent', context: 'serviceworker', expression: "typeof CrossOriginConnectEvent === 'function'" },
];

const FOREIGN_FETCH_PROBES: NativeProbe[] = [
  {
    api: 'InstallEvent.prototype.registerForeignFetch',
    context: 'serviceworker',
    expression: "typeof InstallEvent === 'function' && typeof InstallEvent.prototype.registerForeignFetch === 'function'",
  },
  { api: 'ForeignFetchEvent', context: 'serviceworker', expression: "typeof ForeignFetchEvent === 'function'" },
  { api: 'self.onforeignfetch', context: 'serviceworker', expression: "'onforeignfetch' in self" },
  {
    api: '<link rel=serviceworker>',
    context: 'window',
    expression: "!!document.createElement('link').relList && document.createElement('link').relList.supports('serviceworker')",
  },
];

const STASH_PROBES: NativeProbe[] = [
  { api: 'self.ports', context: 'serviceworker', expression: "'ports' in self" },
  { api: 'self.stashPort', context: 'serviceworker', expression: "typeof self.stashPort === 'function'" },
  { api: 'StashedMessagePort', context: 'serviceworker', expression: "typeof StashedMessagePort === 'function'" },
  { api: 'StashedPortCollection', context: 'serviceworker', expression: "typeof StashedPortCollection === 'function'" },
];

const FOREIGN_FETCH_HISTORY: HistoryEvent[] = [
  {
    date: '2015-09-17',
    what: 'Foreign fetch specification work starts in the Service Workers spec (PR #749, then #751), as the replacement for navigator.connect.',
    source: 'https://github.com/w3c/ServiceWorker/pull/749',
  },
  {
    date: '2016-08-09',
    what: 'Chromium "Intent to Experiment: Foreign Fetch and Link rel=serviceworker".',
    source: 'https://groups.google.com/a/chromium.org/d/msg/blink-dev/sIzHpZVhmBE/hHXlHP7wAAAJ',
  },
  {
    date: '2016-10',
    what: 'Chrome origin trial from Chrome 54 through March 2017 (InstallEvent.registerForeignFetch({scopes, origins}), onforeignfetch, Link: rel="serviceworker"); otherwise only behind chrome://flags/#enable-experimental-web-platform-features. Never enabled by default; no other engine implemented it.',
    source: 'https://googlechrome.github.io/samples/service-worker/foreign-fetch/',
  },
  {
    date: '2017-08-17',
    what: 'Removal decided: "problems with double-keying, unclear trial results, and unclear use-cases" (w3c/ServiceWorker#1188).',
    source: 'https://github.com/w3c/ServiceWorker/issues/1188',
  },
  {
    date: '2017-09-04',
    what: 'Fetch drops the "foreign" service-workers mode (whatwg/fetch#596).',
    source: 'https://github.com/whatwg/fetch/pull/596',
  },
  {
    date: '2017-11-16',
    what: 'Foreign fetch removed from the Service Workers spec (#1207, 0d09f48); its WPT tests removed (web-platform-tests/wpt#7762).',
    source: 'https://github.com/w3c/ServiceWorker/pull/1207',
  },
  {
    date: '2017-12-05',
    what: 'foreign_fetch_explainer.md deleted (#1236).',
    source: 'https://github.com/w3c/ServiceWorker/pull/1236',
  },
];

export const PROPOSAL_HISTORY: readonly DesignHistory[] = [
  {
    design: 'navigator-connect',
    title: 'MessagePorts: navigator.connect(url)',
    seedLines: '9–13',
    probes: CONNECT_PROBES,
    related: [],
    summary: 'Never shipped in any engine; the proposal was abandoned in 2015 in favour of foreign fetch.',
    history: [
      {
        date: '2015-03',
        what: 'navigator.connect draft (Kruisselbrink, Song): Promise<MessagePort> connect(url); a "connect" event with origin and targetURL; no registration or refusal → AbortError, refusal indistinguishable from "no service".',
        source: `${NC}/blob/gh-pages/index.html`,
      },
      {
        date: '2015-06-09',
        what: 'Renamed proposal navigator.services.connect() → ServicePort, to avoid the near-collision with navigator.connection (navigator-connect#39).',
        source: `${NC}/issues/39`,
      },
      {
        date: '2015',
        what: 'Experimental Blink implementation (modules/navigatorconnect: ServicePortCollection, CrossOriginConnectEvent; LayoutTests http/tests/navigatorconnect) behind a runtime flag; never enabled by default. Exact flag and removal version not confirmed.',
        source: 'https://github.com/bloomberg/chromium.bb/tree/master/third_party/WebKit/LayoutTests/http/tests/navigatorconnect',
        unsure: true,
      },
      {
        date: '2015-09-17',
        what: '"The navigator.connect() effort died at the last Service Worker Face-to-Face, but foreign-fetch ... is the logical replacement" (www-tag, quoted in navigator-connect#43).',
        source: `${NC}/issues/43`,
      },
      {
        date: '2015-10-01',
        what: 'The Service Workers spec removes its notes about navigator.connect() (5ab7e8a).',
        source: 'https://github.com/w3c/ServiceWorker/commit/5ab7e8a',
      },
    ],
  },
  {
    design: 'local-lookaside-fetch',
    title: 'Local look-aside fetch()',
    seedLines: '15–19',
    probes: [],
    related: FOREIGN_FETCH_PROBES,
    summary:
      'No native API was ever specified: no Request option or fetch() mode routes a request to another origin\'s worker without the network. Foreign fetch (related) always allowed the network.',
    history: [
      {
        date: '2015',
        what: 'Listed in the navigator.connect repository\'s design-alternatives.md (the seed); never specified.',
        source: `${NC}/blob/gh-pages/design-alternatives.md`,
      },
      ...FOREIGN_FETCH_HISTORY,
    ],
  },
  {
    design: 'universal-lookaside-fetch',
    title: 'Universal look-aside fetch()',
    seedLines: '21–24',
    probes: FOREIGN_FETCH_PROBES,
    related: [],
    summary:
      'Closest native form: foreign fetch (a worker opts its scopes into cross-origin requests, network otherwise) — a Chrome origin trial (Chrome 54 to March 2017), removed from the spec on 2017-11-16.',
    history: FOREIGN_FETCH_HISTORY,
  },
  {
    design: 'stashed-message-ports',
    title: 'Stashed MessagePorts (MessagePort lifetime management)',
    seedLines: '28–33',
    probes: STASH_PROBES,
    related: [],
    summary: 'Never shipped; part of the navigator.connect experiment and abandoned with it.',
    history: [
      {
        date: '2015',
        what: 'Stashed MessagePorts proposal: stashPort(key, port), getStashedPorts(key); messages to a stashed port arrive as message events on the global scope with a key.',
        source: 'https://gist.github.com/mkruisselbrink/536632fcd99d45005064',
      },
      {
        date: '2015-04-22',
        what: 'Ports model discussion: explicit stashing vs. a UA-maintained set of persistent channels, self.ports.add()/match() (navigator-connect#30).',
        source: `${NC}/issues/30`,
      },
      {
        date: '2015-06-03',
        what: 'Where messages to long-running (stashed) connections are delivered — e.g. always the registration\'s active worker (navigator-connect#34); StashedMessagePort not to derive from MessagePort (#35).',
        source: `${NC}/issues/34`,
      },
      {
        date: '2015',
        what: 'Experimental Blink implementation (StashedMessagePort, StashedPortCollection; content/browser/service_worker/stashed_port_manager) behind the navigator.connect flag; removed with it. Versions not confirmed.',
        source: 'https://github.com/bloomberg/chromium.bb',
        unsure: true,
      },
      {
        date: '2015-09-17',
        what: 'Abandoned with navigator.connect (navigator-connect#43).',
        source: `${NC}/issues/43`,
      },
    ],
  },
];

/** The seed itself, for links in the report. */
export const SEED_DOCUMENT = {
  path: SEED,
  title: 'Design Alternatives (cross-origin communication between service workers)',
  upstream: `${NC}/blob/gh-pages/design-alternatives.md`,
} as const;

/** History of one design. */
export function historyOf(design: ProposalDesign): DesignHistory {
  const h = PROPOSAL_HISTORY.find((d) => d.design === design);
  if (h === undefined) throw new Error(`no history for ${design}`);
  return h;
}
