import escapeHtml from 'escape-html';

const RAW = Symbol('markup');

/** Markup that is already safe: built by `html` or `raw`, never from a plain string. */
export type Markup = { readonly [RAW]: string };

type Value = Markup | readonly Markup[] | string | number | null | undefined | false;

/** Trusted markup written in this code base (CSS, fixed tags); never pass data to it. */
export function raw(markup: string): Markup {
  return { [RAW]: markup };
}

/**
 * A template tag that escapes every interpolated string or number (escape-html: & < > " '), so data
 * such as prompt texts and category names can never become markup; only `Markup` values pass as is.
 * Hand-written on top of escape-html: tags such as escape-goat's escape nested templates a second time,
 * and composing a page from charts and tables needs a type for markup that is already safe.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return raw(out);
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map((item: Markup) => item[RAW]).join('');
  if (typeof value === 'object') return (value as Markup)[RAW];
  return escapeHtml(String(value));
}

export function toString(markup: Markup): string {
  return markup[RAW];
}
