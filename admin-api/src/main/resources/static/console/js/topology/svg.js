// SVG elements built like dom.js builds HTML ones: attributes set one by one, text always as text
// nodes. Geometry goes in attributes (x, y, d…), looks in console.css classes: the CSP allows no
// inline style.
const NAMESPACE = 'http://www.w3.org/2000/svg';

/** An SVG element: svg('rect', {x: 0, y: 0, width: 10, height: 10, class: 'node'}). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(NAMESPACE, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** The text cut to what fits in `width` pixels of the console's 12px font, with an ellipsis. */
export function fit(text, width) {
  const max = Math.max(4, Math.floor(width / 6.8));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
