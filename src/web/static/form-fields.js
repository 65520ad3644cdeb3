// @ts-check
// Form fields of the dashboard's filters: labelled inputs, checkboxes, typed dates, and reading a form back.
import { formatDateText, parseDateText } from './date-text.js';
import { el } from './dom.js';
import { t } from './i18n.js';

/** @typedef {import('./dom.js').Child} Child */

/** Form fields → object of non-empty values (checkboxes as "true", typed dates as ISO). */
/**
 * @param {HTMLFormElement} form
 * @returns {Record<string, string>}
 */
export function formValues(form) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const element of form.elements) {
    const field = /** @type {HTMLInputElement} */ (element);
    if (!field.name) continue;
    if (field.type === 'checkbox') {
      if (field.checked) out[field.name] = 'true';
    } else if (field.dataset.date) {
      const iso = parseDateText(field.value, field.dataset.date === 'datetime');
      if (iso) out[field.name] = iso;
    } else if (field.value !== '') out[field.name] = field.value;
  }
  return out;
}

/** A date (or date and time) filter: a text field in dd.mm.yyyy, refused by the form until it reads. */
/**
 * @param {string} name
 * @param {string | null | undefined} iso
 * @param {{ time?: boolean }} [options]
 */
export function dateInput(name, iso, { time = false } = {}) {
  const input = el('input', {
    type: 'text',
    name,
    value: formatDateText(iso),
    inputmode: 'numeric',
    autocomplete: 'off',
    size: time ? 16 : 10,
    placeholder: t(time ? 'date.formatTime' : 'date.format'),
    title: t(time ? 'date.hintTime' : 'date.hint'),
    'data-date': time ? 'datetime' : 'date',
    'data-testid': `date-${name}`,
  });
  const check = () => {
    const iso = parseDateText(input.value, time);
    input.setCustomValidity(iso === null ? t(time ? 'date.hintTime' : 'date.hint') : '');
    return iso;
  };
  input.addEventListener('input', check);
  input.addEventListener('change', () => {
    const iso = check();
    if (iso) input.value = formatDateText(iso);
  });
  check();
  return input;
}

/** @param {string} label @param {Child} input */
export function field(label, input) {
  return el('label', {}, label, input);
}
/** @param {string} label @param {string} name @param {boolean} checked */
export function check(label, name, checked) {
  return el('label', { class: 'check' }, el('input', { type: 'checkbox', name, checked }), label);
}
