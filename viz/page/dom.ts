/**
 * DOM helpers. Every string that came from the run (node names, message kinds, values, messages)
 * goes in through `textContent` or an attribute, never as markup: a trace is input, and a report
 * must show `</script><b>` as those characters.
 */

/** Text and attributes for `el`; there is deliberately no way to pass HTML. */
export interface ElementProps {
  readonly cls?: string;
  readonly text?: string;
  readonly title?: string;
  readonly attrs?: Readonly<Record<string, string>>;
}

/** Creates an element with text set as text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, children: readonly (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.cls !== undefined) node.className = props.cls;
  if (props.text !== undefined) node.textContent = props.text;
  if (props.title !== undefined) node.title = props.title;
  if (props.attrs) for (const [k, v] of Object.entries(props.attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

/** An element that must exist in the template. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`viewer: #${id} is missing from the page`);
  return node as T;
}

/** Removes every child. */
export function clear(node: Element): void {
  node.replaceChildren();
}

/** A short SVG sample for the legend. */
export function svgSample(width: number, height: number, draw: (svg: SVGSVGElement) => void): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  draw(svg);
  return svg;
}

/** Appends an SVG child with attributes. */
export function svgChild(parent: Element, tag: string, attrs: Readonly<Record<string, string | number>>): SVGElement {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent.append(node);
  return node;
}

/** A number with thousands separators, independent of the browser's locale. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
