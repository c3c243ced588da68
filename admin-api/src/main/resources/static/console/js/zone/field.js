// One labelled input of a form with the place for its error beside it: the input describes itself
// by that error (aria-describedby) and is marked invalid while it has one.
import { announce, h, problemAlert } from '../dom.js';

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

/**
 * Shows a failed call in a form: each problem beside the field that `place(problem)` finds for it
 * (`{ field, message }`, or null), the others listed under the alert in `formError`; then focuses
 * the first invalid field and announces "`outcome`: N problems".
 */
export function showProblems(error, fields, formError, place, outcome) {
  const unplaced = [];
  for (const problem of error.errors) {
    const target = place(problem);
    if (target) {
      target.field.fail(target.message);
    } else {
      unplaced.push(problem);
    }
  }
  formError.replaceChildren(failureAlert(error));
  if (unplaced.length > 0) {
    formError.append(h('ul', { class: 'error' },
      unplaced.map((problem) => h('li', {}, `${problem.field}: ${problem.message}`))));
  }
  const first = Object.values(fields).find((f) => f.invalid());
  if (first) {
    first.input.focus();
  }
  announce(`${outcome}: ${error.errors.length || 1} problem${error.errors.length > 1 ? 's' : ''}. ${error.message}`);
}

/**
 * Runs a form's call with its submit button disabled meanwhile. A refusal goes to `onProblem`
 * (except 401: the sign-in takes over) and gives null; otherwise the call's answer.
 */
export async function submitting(submit, call, onProblem) {
  submit.disabled = true;
  try {
    return await call();
  } catch (error) {
    if (error.status !== 401) {
      onProblem(error);
    }
    return null;
  } finally {
    submit.disabled = false;
  }
}

