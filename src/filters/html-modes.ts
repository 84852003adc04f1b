/** The html filter's modes, apart from the purifier so the public types never import jsdom's. */
export const HTML_MODES = ['remove-dangerous', 'strip-all', 'allow-list'] as const;
export type HtmlMode = (typeof HTML_MODES)[number];
