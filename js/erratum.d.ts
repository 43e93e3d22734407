// Public API of the Erratum widget (erratum.mjs), hand-written.
//
//   import { mount } from 'https://…/erratum.mjs';
//   mount({ endpoint: '/reports', lang: 'fr', maxParagraphs: 5 });
//
// or, without a module: <script src="…/erratum.js" data-endpoint="/reports" defer></script>
// (data-* attributes are the same keys in kebab-case: data-max-paragraphs="5").

/** 'unspecified' when the reader did not say (the default: nothing is invented). */
export type ErrorType = 'unspecified' | 'typo' | 'grammar' | 'fact' | 'other';
export type BlockKind = 'title' | 'heading' | 'paragraph' | 'quote' | 'listItem' | 'caption' | 'media';

/** A problem found by the core (or returned by the endpoint), message already localized. */
export interface ErratumIssue {
  code: string;
  /** JSON path of the offending value, e.g. "items[0].comment", "reporter.email"; "" for the whole input. */
  path: string;
  params: Record<string, unknown>;
  message: string;
}

/** The report sent to the endpoint (schema "erratum/report@1", see schema/report.schema.json). */
export interface ErratumReport {
  schema: 'erratum/report@1';
  id: string;
  createdAt: string;
  page: { url: string; canonicalUrl: string; title: string; lang: string; articleHash: string };
  items: {
    anchor: { blockIndex: number; selector: object[]; [key: string]: unknown };
    kind: BlockKind;
    original: string;
    corrected: string;
    comment: string;
    errorType: ErrorType;
    diff: { ops: { op: 'equal' | 'insert' | 'delete'; text: string }[]; counts: Record<string, number> };
  }[];
  reporter?: { name?: string; email?: string };
  client: { version: string; locale: string };
  metadata?: Record<string, unknown>;
  form: { honeypot: string; elapsedMs: number };
}

/** Failures that may pass by themselves: the report waits in the outbox and is retried. */
export type TransientFailureReason = 'timeout' | 'network' | 'http' | 'hook';
/**
 * Mistakes of the site's configuration, named with their fix on the console
 * (once per page): the endpoint refused the page's origin ('cors'), answered
 * 404 ('not-found') or 405 ('method'), is plain http: under an https: page
 * ('mixed-content'), or the page's CSP connect-src blocks it ('csp'). Never
 * retried; the reader's text stays in the dialog.
 */
export type ConfigurationFailureReason = 'cors' | 'not-found' | 'method' | 'mixed-content' | 'csp';

export type DeliveryResult =
  | { status: 'delivered'; response?: unknown }
  | { status: 'rejected'; errors: ErratumIssue[]; response?: Response }
  | {
      status: 'failed';
      reason: TransientFailureReason | ConfigurationFailureReason;
      /** The answer's status ('http', 'not-found', 'method'). */
      httpStatus?: number;
      /** The answer's Retry-After header, if any. */
      retryAfter?: string | null;
      /** 'network' while the browser says it is offline. */
      offline?: boolean;
      /** 'csp': the directive that blocked the endpoint (connect-src or default-src). */
      directive?: string;
      error?: unknown;
    };

export interface ErratumConfig {
  /** URL receiving reports by POST (required). Relative URLs are resolved against the page. */
  endpoint: string;
  /**
   * The widget's language. '' (default) = <html lang>, the article's lang, the article's script when
   * the page declares none, then navigator.languages; a language without a catalog is passed over.
   * Catalogs: ar, de, en, es, fr, it, ja, nl, pl, pt (see docs/configuration.md#languages).
   */
  lang?: string;
  /**
   * URL of the folder serving the package's dist/ files (absolute, or relative to the page).
   * '' (default) = the folder erratum.mjs was loaded from. Set it when a bundler copies
   * erratum.mjs into your bundle: serve node_modules/erratum/dist/ there as-is.
   */
  assetsUrl?: string;
  /** CSS selector of the article root; '' = automatic discovery. */
  articleSelector?: string;
  /** CSS selector of the blocks inside the article; '' = automatic. */
  paragraphSelector?: string;
  /** CSS selector of elements never offered. */
  exclude?: string;
  /** Overrides of any UI string by key (see messages-en.mjs; the trigger's label is "trigger"). */
  messages?: Record<string, string>;
  /** Most paragraphs per report, 1–50. Default 10. */
  maxParagraphs?: number;
  /** Whether the reader's name and email are asked. Default 'optional'. */
  contact?: 'off' | 'optional' | 'required';
  /** Link to the site's contact page, shown in the warning. */
  contactUrl?: string;
  /** Site data copied into every report (4 KiB at most). */
  metadata?: Record<string, unknown>;
  /**
   * CSS selector of the site's own element that opens the widget; '' = a button after the article,
   * moved when the page is idle to right after the last paragraph discovery finds; 'floating' = a
   * button fixed in the corner (in the text, like the default, where the corner would cover it).
   */
  trigger?: string;
  /** Ctrl+Enter (Cmd+Enter) opens the widget, with the selected phrase. Default true. */
  shortcut?: boolean;
  /**
   * A small "Report" button by a text selection in the article (the touch screen's Ctrl+Enter):
   * it opens the widget on that selection. Default false.
   */
  selectionButton?: boolean;
  /** Load the dialog and core when the page is idle instead of on first open. Default false. */
  loadOnIdle?: boolean;
  /**
   * The dialog's colours. 'auto' (default) follows the page: the background its body or root
   * paints, else the color-scheme it declares, the system's where it allows both.
   */
  colorScheme?: 'auto' | 'light' | 'dark';
  /** Reports sent sooner after opening are flagged as spam. Default 3000. */
  minFillMs?: number;
  /** Longest comment in characters. Default 2000. */
  maxCommentLength?: number;
  /** Longest reporter name in characters. Default 100. */
  maxNameLength?: number;
  /** Longest corrected paragraph in characters. Default 20000. */
  maxCorrectionLength?: number;
  /** Keep the page URL's query in the report: false (default), true, or an allow-list of parameter names. */
  keepQuery?: boolean | string[];
  /** Keep the page URL's #fragment. Default false. */
  keepFragment?: boolean;
  /** Request body: JSON (default) or urlencoded form with a "report" field. */
  format?: 'json' | 'form';
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** fetch credentials mode. Default 'omit'. */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Request timeout in ms. Default 10000. */
  timeoutMs?: number;
  /**
   * On pagehide, send waiting reports with navigator.sendBeacon (a text/plain
   * JSON body, or the urlencoded form with format 'form') instead of a
   * keepalive fetch. The endpoint must accept that body; a beacon carries no
   * custom header and the browser adds the endpoint's cookies. Default false.
   */
  beacon?: boolean;

  /** Before sending; return false to cancel. */
  onSubmit?(report: ErratumReport): boolean | void | Promise<boolean | void>;
  /** After the endpoint (or send) accepted the report. */
  onSuccess?(body: unknown, response: unknown): void;
  /** After any failure (rejected, failed). */
  onError?(error: Exclude<DeliveryResult, { status: 'delivered' }> & { report: unknown }): void;
  /** Returns the body to send instead of the report (undefined keeps the report). */
  transform?(report: ErratumReport): unknown;
  /**
   * Replaces the transport. Throwing or resolving to false is a failure; a
   * DeliveryResult is used as is; a Response counts by its .ok; anything else
   * means delivered.
   */
  send?(body: unknown): unknown | Promise<unknown>;
}

export interface ErratumHandle {
  /** Opens the dialog (loading it first if needed). */
  open(options?: { range?: Range | null }): Promise<void>;
  close(): void;
  /** Removes the trigger, the shortcut and the dialog; mount() may be called again. */
  destroy(): void;
}

/**
 * Mounts the widget once per page; later calls return the first handle.
 * Configuration: core defaults < `config` < data-* attributes of `element`.
 * Never throws: problems are reported on the console. Returns null if mounting failed.
 */
export function mount(config?: Partial<ErratumConfig>, element?: Element | null): ErratumHandle | null;
