// The dialog's colour scheme: light or dark, as the site sets it or as the
// page around it looks.

// 'dark' or 'light' by the background `el` paints (about its luminance); '' if it paints none.
function painted(el) {
  const [r, g, b, a = 1] = getComputedStyle(el).backgroundColor.match(/[\d.]+/g)?.map(Number) || [];
  return a < 0.5 ? '' : r * 2 + g * 5 + b < 1024 ? 'dark' : 'light';
}

/**
 * Gives the dialog's host its colours (data-scheme, read by widget.css):
 * `setting` (the colorScheme option) unless it is 'auto'; then the page's
 * own, so that a light page never gets a dark dialog: the background its
 * body or root paints, else its canvas, which the host paints (widget.css:
 * by the page's color-scheme, and the system's where the page allows both).
 * Read on each open: a page may switch its theme.
 */
export function paint(host, setting) {
  host.dataset.scheme = setting != 'auto' ? setting : [document.body, document.documentElement, host].map(painted).find(Boolean);
}
