// Building the page from data. Text always goes in as text nodes (never innerHTML), so a record
// value or a zone comment can never become markup or script.

/** An element: h('a', {href: '#/zones'}, 'Zones'). on* attributes that are functions become listeners. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.append(child);
    } else {
      element.append(document.createTextNode(String(child)));
    }
  }
}

/** Says something to screen readers (and shows it) through the page's polite live region. */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  // Emptied first, so that the same message twice is announced twice.
  announcer.textContent = '';
  window.setTimeout(() => {
    announcer.textContent = message;
  }, 50);
}

/** An alert box with a problem's title and detail (non-field errors). */
export function problemAlert(error) {
  const heading = [error.title, error.code ? `(${error.code})` : null].filter((part) => part).join(' ');
  return h('div', { class: 'error', role: 'alert' },
    h('p', {}, heading ? `${heading}: ${error.message}` : error.message));
}
