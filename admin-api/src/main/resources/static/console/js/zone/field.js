// One labelled input of a form with the place for its error beside it: the input describes itself
// by that error (aria-describedby) and is marked invalid while it has one.
import { h, problemAlert } from '../dom.js';

/** A form row: label, input, optional hint, error. `row` is what goes into the form. */
export function field(id, label, input, hint) {
  input.id = id;
  const error = h('p', { id: `${id}-error`, class: 'field-error' });
  const hintElement = hint ? h('p', { id: `${id}-hint`, class: 'hint' }, hint) : null;
  input.setAttribute('aria-describedby', hint ? `${id}-error ${id}-hint` : `${id}-error`);
  const isCheckbox = input.type === 'checkbox';
  const row = h('div', { class: isCheckbox ? 'field checkbox' : 'field' },
    isCheckbox ? h('label', { for: id }, input, ` ${label}`) : [h('label', { for: id }, label), input],
    error, hintElement);
  return {
    row,
    input,
    /** Adds a problem's message (several problems of one input are all kept). */
    fail(message) {
      error.textContent = error.textContent ? `${error.textContent} ${message}` : message;
      input.setAttribute('aria-invalid', 'true');
    },
    clear() {
      error.textContent = '';
      input.removeAttribute('aria-invalid');
    },
    invalid() {
      return input.getAttribute('aria-invalid') === 'true';
    },
    /** Shows or hides the whole row (a hidden input is not sent and not checked). */
    show(visible) {
      row.hidden = !visible;
    },
  };
}

/**
 * The alert for a failed call. A call that got no answer (status 0) says so, and that nothing typed
 * is lost: the user submits again once the node is back.
 */
export function failureAlert(error) {
  const alert = problemAlert(error);
  if (error.status === 0) {
    alert.append(h('p', {}, 'What you typed is kept: submit again once the node answers.'));
  }
  return alert;
}
