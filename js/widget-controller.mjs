// The dialog's flow. Step 1: pick paragraphs; step 2: correct them; step 3:
// contact details and send; then "thank you" once the endpoint accepted.
// The core owns every rule (selection limits, what a valid report is); this
// class holds the reader's draft, asks the core, and shows its answers.

import { discoverBlocks } from './discover.mjs';
import { messagesFor } from './messages.mjs';
import { createTransport, isConfigurationError } from './transport.mjs';
import { createDraftStore, draftFromStorage, draftToStorage, freshDraft } from './draft.mjs';
import { h, yieldToMain } from './ui-dom.mjs';
import { paint } from './ui-scheme.mjs';
import { buildDialog, mountDialog, showStep, STEPS } from './ui-dialog.mjs';
import { createBlockList } from './ui-blocks.mjs';
import { renderItems } from './ui-items.mjs';
import { renderContact } from './ui-contact.mjs';
import { clearFieldErrors, hideSummary, setFieldError, showSummary } from './ui-errors.mjs';
import { pickFromSelection } from './widget-selection.mjs';
import { deliver } from './widget-submit.mjs';
import { createOutbox, isRetryable, parseRetryAfter } from './outbox.mjs';
import { watchOutbox } from './outbox-flush.mjs';

const SAVE_DELAY_MS = 300;

// The open path's phases as User Timing entries (erratum:discover,
// erratum:loadArticle, erratum:list): visible in the browser's performance
// tools next to the page's own work.
function measure(name, start) {
  try {
    performance.measure(name, { start, end: performance.now() });
  } catch {} // an old browser without measure options: nothing to show
}

// Watches the page for any change in the light DOM outside the widget's own
// elements (late content, a revealed block, edited text), which can change
// what discovery finds. Returns unchanged(): stops watching and says
// whether nothing changed, changes not yet delivered included.
function watchPage() {
  let changed = false;
  const ours = (node) => node.localName?.startsWith('erratum-');
  const note = (records) => (changed ||= records.some((r) => !ours(r.target) && (r.type != 'childList' || ![...r.addedNodes, ...r.removedNodes].every(ours))));
  const observer = new MutationObserver(note);
  observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true });
  return () => (note(observer.takeRecords()), observer.disconnect(), !changed);
}

function canonicalUrl() {
  const link = document.querySelector('link[rel~="canonical"][href]');
  return link ? link.href : '';
}

export class WidgetController {
  /** frame: the dialog's host with its stylesheet (ui-dialog mountFrame), made when the widget loaded. */
  constructor({ core, session, config, hooks, lang, uiLang, catalog, version, frame = null }) {
    this.core = core;
    this.frame = frame;
    this.host = frame?.host;
    this.session = session;
    this.config = config;
    this.hooks = hooks;
    this.lang = lang;
    this.version = version;
    this.t = messagesFor(uiLang, catalog, config.messages);
    // The endpoint answers in the dialog's language (the collector picks its
    // messages by Accept-Language); the site's own headers win.
    this.transport = createTransport({ ...config, headers: { 'Accept-Language': uiLang, ...config.headers } });
    this.drafts = createDraftStore(location.href);
    this.draft = null; // loaded from storage on first open
    this.stash = new Map(); // edits of deselected paragraphs, by content hash
    this.selected = []; // block indices, document order (the core's selection)
    this.article = []; // the core's view of the blocks
    this.blocks = []; // discovered blocks (DOM side)
    this.listed = []; // the selectable blocks, as shown in step 1
    this.step = 1;
    this.openedAt = 0;
    this.busy = false;
    this.ui = null;
    this.saveTimer = 0;
    this.onPageHide = () => this.saveNow();
  }

  get isOpen() {
    return !!this.ui?.dialog.open;
  }

  /** Opens the dialog. options.range: the reader's selection (Ctrl+Enter). */
  async open({ range = null, returnFocus = null, preventScroll = false } = {}) {
    if (this.isOpen || this.opening) return;
    this.opening = true;
    try {
      this.returnFocus = returnFocus;
      this.preventScroll = preventScroll;
      await this.ensureUi();
      if (!this.draft) this.setDraft(this.restoreDraft());
      if (!this.openedAt) this.openedAt = performance.now();
      hideSummary(this.ui);
      clearFieldErrors(this.root);
      // The list made while the page was idle (prepare) stands if the page
      // has not changed since and the reader did not open on a selection:
      // opening is then only showing it.
      const reuse = this.ahead?.() && !range;
      this.ahead = null;
      const shownStart = performance.now();
      if (reuse) this.goTo(this.selected.length ? this.draft.step : 1, { focus: false });
      else {
        this.listStatus.textContent = this.t('loading');
        this.listStatus.hidden = false;
      }
      paint(this.host, this.config.colorScheme);
      this.ui.dialog.showModal();
      this.ui.title.focus();
      if (reuse) return measure('erratum:list', shownStart);
      // Let the dialog paint before the discovery of a long page.
      await yieldToMain();
      let pick = null;
      try {
        pick = await this.loadArticle(range);
      } catch (err) {
        console.error('[Erratum] Could not read the article:', err);
        this.listStatus.textContent = this.t('unavailable');
      }
      const step = this.selected.length ? this.draft.step : 1;
      // Opened on a selection: straight to its paragraph's correction, the
      // phrase shown above it (step 1 if the paragraph could not be picked).
      const at = pick ? this.selected.indexOf(pick.block) : -1;
      this.goTo(at >= 0 ? 2 : pick ? 1 : step, { focus: false });
      this.items?.controls[at]?.corrected.focus();
      const listStart = performance.now();
      const rendering = this.blockList.render(this.listed, this.selected, pick ? pick.block : undefined);
      rendering.then((complete) => complete && measure('erratum:list', listStart));
    } finally {
      this.opening = false;
    }
  }

  close() {
    if (this.isOpen) this.ui.dialog.close();
  }

  destroy() {
    this.close();
    clearTimeout(this.saveTimer);
    removeEventListener('pagehide', this.onPageHide);
    this.host?.remove();
    this.session.dispose();
  }

  /**
   * Builds the dialog ahead of the first open (the loader calls this when it
   * loaded the widget while the page was idle): the reader's click then only
   * shows it.
   */
  async prepare() {
    await this.ensureUi();
    if (this.ahead || this.opening || this.openedAt) return;
    if (!this.draft) this.setDraft(this.restoreDraft());
    const preparing = performance.now();
    const unchanged = watchPage();
    await this.loadArticle();
    // An open that came meanwhile has made its own list.
    if ((await this.blockList.render(this.listed, this.selected)) && !this.opening && !this.openedAt) {
      this.ahead = unchanged;
      measure('erratum:prepared', preparing);
    } else unchanged();
  }

  // --- building the dialog --------------------------------------------------

  /** Builds the dialog once; resolves when its stylesheet is in (or given up on). */
  ensureUi() {
    return (this.uiReady ??= this.buildUi());
  }

  async buildUi() {
    const { t, config } = this;
    const ui = buildDialog({ t, contactUrl: config.contactUrl, contact: config.contact, shortcut: config.shortcut });
    const { host, root, styled } = mountDialog(ui.dialog, this.frame || undefined);
    this.host = host;
    this.root = root;
    this.ui = ui;

    const [step1] = ui.steps;
    this.counter = h('p', { class: 'counter', role: 'status' });
    this.notice = h('p', { class: 'notice', id: 'e-blocks-notice', role: 'alert' });
    this.listStatus = h('p', { class: 'list-status' });
    this.blockList = createBlockList({
      t,
      labelledBy: step1.heading.id,
      describedBy: `${step1.hint.id} e-blocks-notice`,
      pageLang: document.documentElement.lang,
      onToggle: (index) => this.toggle(index),
    });
    step1.body.append(this.counter, this.notice, this.listStatus, this.blockList.element);

    ui.close.addEventListener('click', () => this.close());
    ui.back.addEventListener('click', () => this.goTo(this.step - 1));
    ui.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.advance();
    });
    ui.dialog.addEventListener('close', () => this.closed());
    addEventListener('pagehide', this.onPageHide);
    await styled;
  }

  setDraft(draft) {
    this.draft = draft;
    this.renderContactStep();
  }

  restoreDraft() {
    const stored = this.drafts.load();
    return stored ? draftFromStorage(stored) : freshDraft();
  }

  renderContactStep() {
    const honeypot = this.contact?.honeypot.value || '';
    this.contact = renderContact({
      t: this.t,
      contact: this.config.contact,
      reporter: this.draft.reporter,
      onChange: () => this.scheduleSave(),
    });
    this.contact.honeypot.value = honeypot;
    this.ui.steps[2].body.replaceChildren(this.contact.element);
  }

  renderItemsStep() {
    this.items?.dispose();
    // Numbered as in step 1's list (ui-blocks.mjs).
    const numbers = new Map(this.listed.map((b, i) => [b.index, i + 1]));
    this.items = renderItems(
      this.selected.map((index, k) => ({ k, block: this.article[index], number: numbers.get(index), item: this.draft.items.get(index) })),
      {
        t: this.t,
        pageLang: document.documentElement.lang,
        diff: (a, b) => {
          const r = this.core.diff(a, b);
          return r.ok ? r.ops : null;
        },
        onChange: () => this.scheduleSave(),
      },
    );
    this.ui.steps[1].body.replaceChildren(this.items.element);
  }

  // --- article and selection --------------------------------------------------

  /**
   * Discovers the blocks, loads them into the core, restores the selection;
   * resolves to the Ctrl+Enter pick. Each step runs in its own task: on a long
   * page, the page's own work (input, timers, paint) gets a turn in between
   * rather than waiting for all of them at once.
   */
  async loadArticle(range) {
    const { articleSelector, paragraphSelector, exclude } = this.config;
    const discoverStart = performance.now();
    this.blocks = discoverBlocks(document, { articleSelector, paragraphSelector, exclude });
    measure('erratum:discover', discoverStart);
    await yieldToMain();
    const loadStart = performance.now();
    const loaded = this.session.loadArticle(this.blocks.map((b) => ({ text: b.text, kind: b.kind, id: b.id })));
    measure('erratum:loadArticle', loadStart);
    await yieldToMain();
    this.article = loaded.ok ? loaded.blocks : [];
    this.listed = this.article.filter((b) => b.selectable);
    this.listStatus.textContent = !loaded.ok ? loaded.errors.map((e) => e.message).join(' ') : this.listed.length ? '' : this.t('emptyArticle');
    this.listStatus.hidden = !this.listStatus.textContent;
    this.notice.textContent = '';
    this.remapSelection();
    const pick = loaded.ok && range ? pickFromSelection(range, this.blocks) : null;
    if (pick && this.article[pick.block]?.selectable) {
      const res = this.session.select(pick.block);
      this.applySelection(res);
      const item = this.draft.items.get(pick.block);
      if (item) Object.assign(item, { quote: pick.quote, range: pick.range });
      this.scheduleSave();
      return pick;
    }
    return null;
  }

  // The page may have changed since the draft was made (late content, a
  // reload): picked paragraphs are found again by their content hash.
  remapSelection() {
    const previous = [...this.draft.items];
    this.draft.items = new Map();
    const taken = new Set();
    for (const [index, item] of previous) {
      const at = this.article[index]?.hash === item.hash ? index : this.article.findIndex((b, i) => b.hash === item.hash && !taken.has(i));
      if (at < 0 || taken.has(at)) continue;
      taken.add(at);
      this.draft.items.set(at, item);
    }
    for (const index of [...taken].sort((a, b) => a - b)) this.session.select(index);
    this.applySelection(this.session.selection());
  }

  toggle(index) {
    const res = this.session.toggle(index);
    this.applySelection(res);
    this.scheduleSave();
  }

  applySelection(res) {
    if (!res.selected) {
      this.notice.textContent = (res.errors || []).map((e) => e.message).join(' ');
      return;
    }
    this.notice.textContent = res.ok ? '' : res.errors.map((e) => e.message).join(' ');
    const now = new Set(res.selected);
    for (const [index, item] of this.draft.items) {
      if (!now.has(index)) {
        this.stash.set(item.hash, item);
        this.draft.items.delete(index);
      }
    }
    for (const index of res.selected) {
      if (this.draft.items.has(index)) continue;
      const block = this.article[index];
      const kept = this.stash.get(block.hash);
      this.stash.delete(block.hash);
      this.draft.items.set(index, kept || { hash: block.hash, corrected: block.text, comment: '', errorType: 'unspecified' });
    }
    this.selected = res.selected;
    this.blockList.setSelected(res.selected);
    this.counter.textContent = this.t.count('counter', res.selected.length);
    this.ui.primary.dataset.count = res.selected.length ? ` (${res.selected.length})` : ''; // on "Next" at step 1 (widget.css)
  }

  // --- steps ----------------------------------------------------------------------

  goTo(step, { focus = true } = {}) {
    if (step < 1) return;
    this.step = step;
    if (step === 2) this.renderItemsStep();
    showStep(this.ui, this.t, step);
    hideSummary(this.ui);
    clearFieldErrors(this.root);
    this.ui.status.textContent = '';
    if (typeof step === 'number') {
      this.draft.step = step;
      this.scheduleSave();
    }
    if (focus) (step === 'done' ? this.ui.doneTitle : this.ui.steps[step - 1].heading).focus();
  }

  advance() {
    if (this.busy) return;
    if (this.step === 'done') return this.close();
    if (this.step === STEPS) return this.send();
    // Only the problems of the steps done so far count now.
    const mine = this.step === 1 ? (p) => p === 'items' || p === '' : (p) => p.startsWith('items') || p === '';
    const errors = this.compose().errors.filter((e) => mine(e.path));
    if (errors.length) return this.showErrors(errors);
    this.goTo(this.step + 1);
  }

  compose() {
    const d = this.draft;
    return this.session.compose({
      id: d.id,
      createdAt: d.createdAt,
      page: { url: location.href, canonicalUrl: canonicalUrl(), title: document.title, lang: document.documentElement.lang || '' },
      items: this.selected.map((block) => {
        const { corrected, comment, errorType, quote, range } = d.items.get(block);
        return quote ? { block, quote, range, corrected, comment, errorType } : { block, corrected, comment, errorType };
      }),
      reporter: { ...d.reporter },
      client: { version: this.version, locale: this.lang },
      form: { honeypot: this.contact.honeypot.value, elapsedMs: Math.round(performance.now() - this.openedAt) },
    });
  }

  // The core words a limit on a paragraph's own text like any field's ("too
  // long"); the reader did not write that text, so they are told what to do.
  explain(error) {
    if (error.code === 'text.too_long' && /^items\[\d+\]\.original$/.test(error.path)) {
      return { ...error, message: this.t('paragraphTooLong', error.params) };
    }
    return error;
  }

  // Where a report path is shown: items[k].x are the k-th picked paragraph's fields.
  targetOf(path) {
    if (path === 'items') return { step: 1, control: () => this.blockList.buttonFor() };
    const item = /^items\[(\d+)\](?:\.(\w+))?/.exec(path);
    // The paragraph's own text is a matter of which paragraphs are picked.
    if (item?.[2] === 'original') return { step: 1, control: () => this.blockList.buttonFor(this.selected[Number(item[1])]) };
    if (item) {
      const key = item[2] === 'comment' ? 'comment' : item[2] === 'errorType' ? 'errorType' : 'corrected';
      return { step: 2, control: () => this.items?.controls[Number(item[1])]?.[key] };
    }
    const contact = { 'reporter.email': 'email', 'reporter.name': 'name' }[path];
    if (contact) return { step: 3, control: () => this.contact.controls[contact] };
    return null;
  }

  showErrors(errors, note = '') {
    errors = errors.map((e) => this.explain(e));
    const targets = errors.map((e) => this.targetOf(e.path));
    // Go back to the earliest step with a problem, so each message sits next to its field.
    const first = Math.min(...targets.map((t) => (t ? t.step : this.step)));
    if (first < this.step) this.goTo(first, { focus: false });
    else {
      clearFieldErrors(this.root);
      this.notice.textContent = '';
    }
    const byControl = new Map();
    errors.forEach((e, i) => {
      const control = targets[i]?.control();
      if (targets[i]?.step === 1) this.notice.textContent = e.message;
      else if (control) byControl.set(control, [...(byControl.get(control) || []), e.message]);
    });
    for (const [control, messages] of byControl) setFieldError(control, messages, this.root);
    showSummary(this.ui, {
      title: this.t('summaryTitle'),
      note,
      entries: errors.map((e, i) => {
        const target = targets[i];
        const control = target?.control();
        if (!control) return { message: e.message };
        return {
          message: e.message,
          go: () => {
            if (this.step !== target.step) this.goTo(target.step, { focus: false });
            // goTo rebuilt step 2: look the control up again.
            (target.control() || control).focus();
          },
        };
      }),
    });
    // The summary has focus at the top; on a small screen the field it names
    // first is brought into view below it.
    [...byControl.keys()][0]?.closest('.field').scrollIntoView({ block: 'nearest' });
  }

  async send() {
    const composed = this.compose();
    if (!composed.ok) return this.showErrors(composed.errors);
    this.setBusy(true);
    let result;
    try {
      result = await deliver(composed.report, { hooks: this.hooks, transport: this.transport });
    } finally {
      this.setBusy(false);
    }
    const { t } = this;
    // A failure that may pass later (offline, timeout, 408/425/429/5xx) puts
    // the report in the outbox; the reader is told it is saved, not sent. A
    // mistake of the site's configuration (transport.mjs) never
    // waits there: the draft keeps the reader's text instead.
    const queued = isRetryable(result) && this.queue(composed.report.id, result.body, parseRetryAfter(result.retryAfter));
    if (result.status === 'delivered' || queued) {
      this.drafts.clear();
      this.session.clear();
      this.stash.clear();
      this.setDraft(freshDraft());
      this.openedAt = performance.now();
      this.applySelection(this.session.selection());
      this.ui.doneTitle.textContent = t(queued ? 'queuedTitle' : 'thanksTitle');
      this.ui.doneText.textContent = !queued ? t('thanksText') : result.offline ? t('queuedOfflineText') : t('queuedText');
      this.goTo('done', { focus: this.isOpen });
    } else if (result.status === 'cancelled') {
      this.ui.status.textContent = t('cancelled');
    } else if (result.status === 'rejected' && result.errors?.length) {
      this.showErrors(result.errors, t('rejected'));
    } else if (isConfigurationError(result)) {
      // Trying again cannot help, and the console tells the site why: the
      // reader learns the report did not leave, and that the text stays here.
      showSummary(this.ui, { title: t('failedTitle'), note: `${t('failed_config')} ${t('failedConfigText')}`, entries: [] });
      this.saveNow();
    } else {
      const reason =
        result.status === 'rejected' ? t('rejected') : t(`failed_${result.reason}`, { status: result.httpStatus ?? '' });
      showSummary(this.ui, { title: t('failedTitle'), note: `${reason} ${t('failedText')}`, entries: [] });
      this.saveNow();
    }
  }

  /** Keeps the report for later delivery; false when the browser cannot store it. */
  queue(id, body, retryAfterMs) {
    const endpoint = new URL(this.config.endpoint, location.href).href;
    if (!createOutbox().put({ id, endpoint, body, retryAfterMs })) return false;
    watchOutbox(this.config, { flushNow: false });
    return true;
  }

  setBusy(busy) {
    this.busy = busy;
    // aria-disabled rather than disabled: the focused button keeps focus.
    if (busy) this.ui.primary.setAttribute('aria-disabled', 'true');
    else this.ui.primary.removeAttribute('aria-disabled');
    this.ui.status.textContent = busy ? this.t('sending') : '';
  }

  // --- closing and the stored draft ---------------------------------------------

  closed() {
    this.blockList.cancel();
    this.saveNow();
    if (this.step === 'done') this.step = 1;
    const target = this.returnFocus;
    if (target) target.focus({ preventScroll: this.preventScroll });
  }

  scheduleSave() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  saveNow() {
    clearTimeout(this.saveTimer);
    const d = this.draft;
    if (!d) return;
    if (!this.selected.length && !d.reporter.name && !d.reporter.email) return this.drafts.clear();
    this.drafts.save(draftToStorage(d, this.selected));
  }
}
