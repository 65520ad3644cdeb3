// @ts-check
// The dashboard's words: Ukrainian by default, English switchable; the choice is remembered.
// The dictionaries are i18n-uk.js and i18n-en.js.
import { en } from './i18n-en.js';
import { uk } from './i18n-uk.js';

const DICTIONARIES = { uk, en };
const STORE = 'onec-sync.lang';
/** @type {'uk' | 'en'} */
let lang = (() => {
  try {
    return localStorage.getItem(STORE) === 'en' ? 'en' : 'uk';
  } catch {
    return 'uk';
  }
})();

export function getLang() {
  return lang;
}
/** @param {string} next */
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'uk';
  try {
    localStorage.setItem(STORE, lang);
  } catch {
    /* private mode */
  }
}
/** The word for `key`; the key itself when a word is missing (visible, never blank). */
/** @param {string} key */
export function t(key) {
  return /** @type {Record<string, string>} */ (DICTIONARIES[lang])[key] ?? /** @type {Record<string, string>} */ (uk)[key] ?? key;
}
