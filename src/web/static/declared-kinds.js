// @ts-check
// The kinds the service was started with (GET /api/v1/kinds), fetched once per page load: the navigation,
// the declared kinds' pages and the journal's links all read them from here.
import { api } from './api-client.js';
import { getLang, t } from './i18n.js';

/** @typedef {{ uk: string, en: string }} Label */
/** @typedef {{ name: string, type: string, label: Label, reference?: string }} AttributeInfo */
/**
 * @typedef {{ kind: string, endpoint: string, webhookPath: string, object: string, store: string, countedAs: string, label: Label,
 *   attributes: AttributeInfo[], sections: { name: string, label: Label, attributes: AttributeInfo[] }[],
 *   list: string[], filter: string[], sort: string[], search: string[] }} KindInfo
 */

/** @type {KindInfo[]} */
let known = [];
/** @type {Promise<KindInfo[]> | undefined} */
let loading;

/** Loads the kinds (once); later calls answer from memory. */
export function loadKinds() {
  loading ??= api('/api/v1/kinds').then((/** @type {{ items: KindInfo[] }} */ r) => {
    known = r.items;
    return known;
  });
  return loading;
}

/** The kinds loaded so far (empty before `loadKinds` has answered). */
export function kindsLoaded() {
  return known;
}

/** The kind whose endpoint this is, once loaded. */
/** @param {string} endpoint */
export function kindOfEndpoint(endpoint) {
  return known.find((k) => k.endpoint === endpoint);
}

/**
 * An endpoint's name for people: the dictionary's word for the classic ones, the declared
 * kind's label for the others, the name itself for one no kind posts to any more.
 * @param {string} endpoint
 */
export function endpointWord(endpoint) {
  const key = `endpoint.${endpoint}`;
  const word = t(key);
  if (word !== key) return word;
  const kind = kindOfEndpoint(endpoint);
  return kind ? (getLang() === 'en' ? kind.label.en : kind.label.uk) : endpoint;
}

/** Every endpoint a kind posts to: the classic ones first, then the declared ones. */
/** @param {readonly string[]} classic */
export function allEndpoints(classic) {
  return [...classic, ...known.map((k) => k.endpoint).filter((e) => !classic.includes(e))];
}

/**
 * A kind's name for people (the stats' key: `incoming`, `clients`, or a declared kind).
 * @param {string} kind
 */
export function kindWord(kind) {
  const key = `kind.${kind}`;
  const word = t(key);
  if (word !== key) return word;
  const found = known.find((k) => k.kind === kind);
  return found ? (getLang() === 'en' ? found.label.en : found.label.uk) : kind;
}
