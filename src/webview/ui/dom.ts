/**
 * Building DOM without HTML strings: every text goes through textContent and every attribute through
 * setAttribute, so nothing a configuration holds is ever parsed as markup. No inline `style`
 * attributes either: the CSP allows styles from the extension's stylesheet only.
 */

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number | boolean | undefined>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'style') throw new Error('inline styles are not allowed by the preview CSP; use a class');
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** The element with this id; throws when the skeleton lacks it (a programming error). */
export function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the preview has no ${type.name} #${id}`);
  return element;
}

/** Sets text only when it changed (keeps screen readers from re-announcing live regions). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** A <select> with these options (value, label). */
export function select(id: string, label: string | undefined, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const element = h('select', { id, 'aria-label': label });
  for (const [value, text] of options) element.append(h('option', { value }, text));
  return element;
}
