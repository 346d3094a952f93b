// The app's state: the open assessment and what the page shows of it, and the
// measurements the end-to-end tests read (window.aiaStats).


export const state = {
  lang: 'en',
  versions: [],     // the questionnaire versions the engine knows (embedded, then files)
  files: [],        // the stored questionnaire files (see questionnaires.js)
  current: '',      // the questionnaire version in force
  q: null,          // the questionnaire view of the open assessment, in state.lang
  record: null,     // the stored record of the open assessment (without its file)
  file: null,       // the open assessment: a saved file, as an object
  base: '',         // the stored text state.file was last read from or written as…
  rev: 0,           // …and its revision: a save merges what other tabs wrote since
  ev: null,         // the last evaluation of state.file
  stale: false,     // answers given since state.ev, before the engine was ready
  evRemembered: false, // state.ev is the one remembered (engine.js), not yet checked by the engine
  page: 0,          // index of the shown page in state.q.pages
  view: '',
  compare: null,    // the saved file the results compare with: { name, text }
  notices: null,    // import problems and messages shown above the form
  showErrors: false,
  saving: false,
  savePending: false,
  firstQuestion: false,
  nothingKept: false, // a first visit: this browser kept no database when the page loaded
  team: null,       // [team] the team server's hooks (team/team.js), only under aia team serve
};
// Measurements the end-to-end tests read.
// Times in ms since navigation: boot (boot.js's reads done), compiled (the engine),
// engine (it runs), ready (the page shows a view), firstQuestion (a form shows),
// scored (a form shows with the score bar holding a level).
export const stats = { recompute: [], boot: 0, compiled: 0, engine: 0, ready: 0, firstQuestion: 0, scored: 0, synced: 0 };
window.aiaStats = stats;
